using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarSearch.Api.Model;

namespace CarSearch.Api.Tests.Infrastructure;

/// <summary>Checks of what the API answers.</summary>
public static class ApiAssert
{
    public const string ProblemContentType = "application/problem+json";

    /// <summary>
    /// The answer is a problem with <paramref name="status"/>, a title, that status in the body, and a detail holding
    /// every one of <paramref name="detailWords"/> (case-insensitive): the detail names the problem.
    /// </summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, params string[] detailWords)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(ProblemContentType, response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), body);
        var detail = problem.GetProperty("detail").GetString() ?? "";
        foreach (var word in detailWords)
        {
            Assert.Contains(word, detail, StringComparison.OrdinalIgnoreCase);
        }

        return problem;
    }

    /// <summary>A 200 search answer, parsed.</summary>
    public static async Task<SearchResponse> SearchAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var search = JsonSerializer.Deserialize<SearchResponse>(body, JsonSerializerOptions.Web);
        Assert.NotNull(search);
        return search;
    }

    public static async Task<SearchResponse> GetSearchAsync(this HttpClient client, string url) =>
        await SearchAsync(await client.GetAsync(url));

    public static async Task<T> OkJsonAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web))!;
    }
}
