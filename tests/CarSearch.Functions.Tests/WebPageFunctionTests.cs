using System.Text.RegularExpressions;
using CarSearch.Api;
using CarSearch.Api.Web;
using CarSearch.Functions.Hosting;
using CarSearch.Functions.Http;
using CarSearch.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Functions.Tests;

/// <summary>
/// The page function called as the worker calls it, with the route value the host's routing hands it
/// (<see cref="HostRouteTable"/>), over the app's own services.
/// </summary>
[Collection(WithAzurite.Name)]
public sealed partial class WebPageFunctionTests(FunctionsEnvironment environment)
{
    /// <summary>At <c>/</c> the route's default names the page: served there, not redirected, calling the API at <c>/api/</c>.</summary>
    [Fact]
    public async Task TheRootIsThePageItself()
    {
        var root = await GetAsync("/");
        var page = await GetAsync("/" + CarSearchWebPage.PageFile);

        Assert.Equal(StatusCodes.Status200OK, root.StatusCode);
        Assert.Equal("text/html; charset=utf-8", root.ContentType);
        Assert.Equal(page.Text, root.Text);
        Assert.Contains($"<meta name=\"carsearch-api\" content=\"/{ApiRoutes.Prefix}/\">", root.Text, StringComparison.Ordinal);
        Assert.Equal(CarSearchWebPage.ContentSecurityPolicy, root.Headers.ContentSecurityPolicy.ToString());
    }

    /// <summary>Should a host hand no value at all for the root, the page is still served, not a redirect to itself.</summary>
    [Fact]
    public async Task TheRootWithoutARouteValueIsStillThePage()
    {
        var answer = await CallAsync("/", pathValue: null);

        Assert.Equal(StatusCodes.Status200OK, answer.StatusCode);
        Assert.Equal((await GetAsync("/")).Text, answer.Text);
    }

    /// <summary>The page's links are relative: resolved against <c>/</c>, each reaches the page function and a file.</summary>
    [Fact]
    public async Task EveryLinkOfThePageAtTheRootResolvesToAServedFile()
    {
        var root = new Uri("http://localhost:7071/");
        var links = PageLink().Matches((await GetAsync("/")).Text).Select(match => new Uri(root, match.Groups["url"].Value).AbsolutePath).ToList();

        Assert.Contains("/js/main.js", links);
        foreach (var link in links)
        {
            var answer = await GetAsync(link);
            Assert.True(answer.StatusCode == StatusCodes.Status200OK, $"{link} answers {answer.StatusCode}");
        }
    }

    [Fact]
    public async Task AnAssetIsServedWithItsTypeAndBytes()
    {
        const string script = "js/main.js";
        Assert.True(WebPageAssets.Embedded.TryGet(script, out var embedded));

        var answer = await GetAsync("/" + script);

        Assert.Equal(StatusCodes.Status200OK, answer.StatusCode);
        Assert.Equal(embedded.ContentType, answer.ContentType);
        Assert.Equal(embedded.Content, answer.Body);
    }

    [Theory]
    [InlineData("/no-such-file.js")]
    [InlineData("/js/nothing.css")]
    public async Task AnUnknownFileIsANotFoundProblem(string path)
    {
        var answer = await GetAsync(path);

        answer.AssertProblem(StatusCodes.Status404NotFound, path);
    }

    /// <summary>Routes <c>GET <paramref name="path"/></c> as the host does, then calls the function it reaches.</summary>
    private async Task<HttpAnswer> GetAsync(string path)
    {
        await using var routes = HostRouteTable.OfTheApp();
        var routed = await routes.RouteAsync(HttpMethods.Get, path);
        Assert.NotNull(routed);
        Assert.Equal(nameof(WebPageFunction.WebPage), routed.Function);
        return await CallAsync(path, routed.Values[FunctionRoutes.WebPagePathParameter] as string);
    }

    private async Task<HttpAnswer> CallAsync(string path, string? pathValue)
    {
        await using var scope = environment.Kit.Services.CreateAsyncScope();
        var context = HttpAnswer.NewContext(scope.ServiceProvider, HttpMethods.Get, path, body: null, contentType: null);
        return await HttpAnswer.ExecuteAsync(new WebPageFunction().WebPage(context.Request, pathValue), context);
    }

    /// <summary>src and href values of the page pointing at its own files (not fragments, not other origins).</summary>
    [GeneratedRegex(@"(?:src|href)=""(?<url>(?!#|[a-z]+:)[^""]+)""")]
    private static partial Regex PageLink();
}
