using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Api.Web;
using CarSearch.Tests;
using Microsoft.AspNetCore.Http;

namespace CarSearch.Api.Tests;

/// <summary>
/// The web page's files as both hosts serve them: every file of wwwroot/ with its type, ETag, caching and security
/// headers; links that resolve; unknown files as problems; and the API's own answers left intact.
/// </summary>
[Collection(KitApi.Name)]
public sealed partial class WebPageTests(KitApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private static string SourceRoot => Path.Combine(RepositoryRoot.Directory, "src", "CarSearch.Api", WebPageAssets.Root);

    /// <summary>Every file in the source folder, as a path under it with forward slashes.</summary>
    public static TheoryData<string> SourceFiles() => [.. SourcePaths()];

    [Fact]
    public void EveryFileOfTheFolderIsEmbeddedAndNothingElse()
    {
        Assert.Equal(SourcePaths().Order(StringComparer.Ordinal), WebPageAssets.Embedded.Paths.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public async Task EachFileIsServedAsItIsWithItsTypeAndHeaders(string path)
    {
        using var response = await _client.GetAsync("/" + path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(SourceRoot, path)), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(ExpectedType(path), response.Content.Headers.ContentType?.ToString());
        AssertPageHeaders(response);
    }

    [Fact]
    public async Task TheRootIsThePage()
    {
        using var root = await _client.GetAsync("/");
        using var page = await _client.GetAsync("/" + CarSearchWebPage.PageFile);

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal("text/html; charset=utf-8", root.Content.Headers.ContentType?.ToString());
        Assert.Equal(await page.Content.ReadAsStringAsync(), await root.Content.ReadAsStringAsync());
        Assert.Equal(page.Headers.ETag, root.Headers.ETag);
        AssertPageHeaders(root);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/app.css")]
    [InlineData("/js/main.js")]
    public async Task ARevalidationWithTheSameETagIsNotModified(string path)
    {
        using var first = await _client.GetAsync(path);
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var other = new HttpRequestMessage(HttpMethod.Get, path);
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000000000000000\""));

        using var notModified = await _client.SendAsync(again);
        using var changed = await _client.SendAsync(other);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEmpty(await changed.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A typo in a link or an import would leave the page half working with no error on the server.</summary>
    [Fact]
    public async Task EveryLinkAndImportOfThePageResolvesToAServedFile()
    {
        var references = new List<string>();
        foreach (var path in WebPageAssets.Embedded.Paths.Where(p => p.EndsWith(".html", StringComparison.Ordinal) || p.EndsWith(".js", StringComparison.Ordinal)))
        {
            var text = await File.ReadAllTextAsync(Path.Combine(SourceRoot, path));
            var folder = path.Contains('/', StringComparison.Ordinal) ? path[..(path.LastIndexOf('/') + 1)] : "";
            var pattern = path.EndsWith(".html", StringComparison.Ordinal) ? HtmlReference() : ModuleImport();
            references.AddRange(pattern.Matches(text).Select(match => Resolve(folder, match.Groups["url"].Value)));
        }

        Assert.Contains("js/main.js", references);
        Assert.Contains("app.css", references);
        foreach (var reference in references.Distinct(StringComparer.Ordinal))
        {
            using var response = await _client.GetAsync("/" + reference);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{reference} answers {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("/no-such-file.js")]
    [InlineData("/js/nothing.css")]
    [InlineData("/wwwroot/index.html")]
    public async Task AnUnknownFileIsANotFoundProblem(string path)
    {
        await ApiAssert.ProblemAsync(await _client.GetAsync(path), HttpStatusCode.NotFound, path);
    }

    /// <summary>A catch-all route hands the handler whatever follows its mount, dots included.</summary>
    [Theory]
    [InlineData("../CarSearch.Api.csproj")]
    [InlineData("js/../../CarSearch.Api.dll")]
    [InlineData("/etc/passwd")]
    [InlineData("JS/MAIN.JS")]
    [InlineData("index.html/")]
    public async Task TheHandlerServesOnlyItsOwnFiles(string path)
    {
        var context = NewContext("/" + path);

        await CarSearchWebPage.Serve(context.Request, path).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        Assert.StartsWith(ApiAssert.ProblemContentType, context.Response.ContentType, StringComparison.Ordinal);
    }

    /// <summary>Mounted below the root (a Functions route such as <c>web/{*path}</c>), the page's relative links need its folder's URL.</summary>
    [Fact]
    public async Task ThePageAskedForWithoutItsTrailingSlashIsRedirectedKeepingTheQuery()
    {
        var context = NewContext("/web", "?code=abc");

        await CarSearchWebPage.Serve(context.Request, null).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status302Found, context.Response.StatusCode);
        Assert.Equal("/web/?code=abc", context.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task UnderAPathBaseThePageCallsTheApiWhereTheApiLinksPoint()
    {
        var atRoot = NewContext("/");
        var below = NewContext("/", pathBase: "/carsearch");

        await CarSearchWebPage.Serve(atRoot.Request, "").ExecuteAsync(atRoot);
        await CarSearchWebPage.Serve(below.Request, "").ExecuteAsync(below);

        Assert.Contains("<meta name=\"carsearch-api\" content=\"/api/\">", Body(atRoot), StringComparison.Ordinal);
        Assert.Contains("<meta name=\"carsearch-api\" content=\"/carsearch/api/\">", Body(below), StringComparison.Ordinal);
        Assert.NotEqual(atRoot.Response.Headers.ETag.ToString(), below.Response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task ThePageRoutesLeaveTheApisAnswersAlone()
    {
        await ApiAssert.ProblemAsync(await _client.GetAsync("/api/search/image"), HttpStatusCode.MethodNotAllowed, "GET");
        await ApiAssert.ProblemAsync(await _client.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound, "/api/nothing-here");
        await ApiAssert.ProblemAsync(await _client.PostAsync("/", null), HttpStatusCode.MethodNotAllowed, "POST");
    }

    private static void AssertPageHeaders(HttpResponseMessage response)
    {
        Assert.NotNull(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl?.NoCache, "no-cache: revalidated on every use");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(CarSearchWebPage.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    private static string ExpectedType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml; charset=utf-8",
        var other => throw new InvalidOperationException($"Add the expected type of {other} files."),
    };

    private static IEnumerable<string> SourcePaths() =>
        Directory.EnumerateFiles(SourceRoot, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(SourceRoot, file).Replace(Path.DirectorySeparatorChar, '/'));

    /// <summary>A reference relative to <paramref name="folder"/> as a path under the page's root.</summary>
    private static string Resolve(string folder, string url) =>
        url.StartsWith("../", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"The page's files do not refer to parent folders: {url}")
            : folder + (url.StartsWith("./", StringComparison.Ordinal) ? url[2..] : url);

    private DefaultHttpContext NewContext(string path, string query = "", string pathBase = "")
    {
        var context = new DefaultHttpContext { RequestServices = fixture.Host.Services };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = path;
        context.Request.PathBase = pathBase;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return new StreamReader(context.Response.Body).ReadToEnd();
    }

    /// <summary>src and href values of the page that point at its own files (not "#...", not absolute URLs).</summary>
    [GeneratedRegex(@"(?:src|href)=""(?<url>(?![#/]|[a-z]+:)[^""]+)""")]
    private static partial Regex HtmlReference();

    /// <summary>Static ES module imports: <c>import ... from "./x.js"</c>.</summary>
    [GeneratedRegex(@"from\s+""(?<url>\./[^""]+)""")]
    private static partial Regex ModuleImport();
}
