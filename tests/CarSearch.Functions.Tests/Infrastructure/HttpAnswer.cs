using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CarSearch.Functions.Tests.Infrastructure;

/// <summary>What an HTTP function answered, once its result was executed against the request's context.</summary>
public sealed record HttpAnswer(int StatusCode, string? ContentType, byte[] Body, IHeaderDictionary Headers)
{
    public const string ProblemContentType = "application/problem+json";

    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>A request as the ASP.NET Core integration hands it to a function, services attached.</summary>
    /// <param name="pathAndQuery">From the root: <c>/api/search?q=red</c>.</param>
    public static HttpContext NewContext(
        IServiceProvider services, string method, string pathAndQuery, byte[]? body, string? contentType)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        var request = context.Request;
        request.Method = method;
        request.Scheme = "http";
        request.Host = new HostString("localhost", 7071);
        var queryAt = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        request.Path = queryAt < 0 ? pathAndQuery : pathAndQuery[..queryAt];
        request.QueryString = new QueryString(queryAt < 0 ? "" : pathAndQuery[queryAt..]);
        if (body is not null)
        {
            request.Body = new MemoryStream(body);
            request.ContentLength = body.Length;
            request.ContentType = contentType;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>Executes <paramref name="result"/> as the integration does after the function returns.</summary>
    public static async Task<HttpAnswer> ExecuteAsync(IResult result, HttpContext context)
    {
        await result.ExecuteAsync(context);
        var response = context.Response;
        return new HttpAnswer(response.StatusCode, response.ContentType, ((MemoryStream)response.Body).ToArray(), response.Headers);
    }

    /// <summary>
    /// Asserts a problem with <paramref name="status"/>, that status in the body, a title, and a detail holding each of
    /// <paramref name="detailWords"/> (case-insensitive).
    /// </summary>
    public JsonElement AssertProblem(int status, params string[] detailWords)
    {
        Assert.True(status == StatusCode, $"Expected {status}, got {StatusCode}: {Text}");
        Assert.StartsWith(ProblemContentType, ContentType, StringComparison.Ordinal);
        var problem = Json();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), Text);
        var detail = problem.GetProperty("detail").GetString() ?? "";
        foreach (var word in detailWords)
        {
            Assert.Contains(word, detail, StringComparison.OrdinalIgnoreCase);
        }

        return problem;
    }

    public JsonElement AssertOkJson()
    {
        Assert.True(StatusCode == StatusCodes.Status200OK, $"Expected 200, got {StatusCode}: {Text}");
        Assert.StartsWith("application/json", ContentType, StringComparison.Ordinal);
        return Json();
    }
}
