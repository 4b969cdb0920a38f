using CarSearch.Api;
using CarSearch.Api.Web;
using CarSearch.Functions.Hosting;
using CarSearch.Functions.Http;
using CarSearch.Functions.Tests.Infrastructure;

namespace CarSearch.Functions.Tests;

/// <summary>
/// Which function a request reaches, with the routes routed as the host routes them (<see cref="HostRouteTable"/>):
/// the page at <c>/</c> and its files, every API request to its own function whatever the functions' names, and
/// nothing of the host's own paths to any function.
/// </summary>
public sealed class FunctionRoutingTests
{
    private const string PageFunction = nameof(WebPageFunction.WebPage);

    /// <summary>The root and each of the page's files, with the file the page function is handed.</summary>
    public static TheoryData<string, string> PagePaths()
    {
        var paths = new TheoryData<string, string> { { "/", CarSearchWebPage.PageFile } };
        foreach (var file in WebPageAssets.Embedded.Paths)
        {
            paths.Add("/" + file, file);
        }

        return paths;
    }

    /// <summary>A request for each API function: its method and its route with every parameter filled in.</summary>
    public static TheoryData<string, string, string> ApiRequests()
    {
        var requests = new TheoryData<string, string, string>();
        foreach (var trigger in FunctionsMetadata.ApiHttpTriggers())
        {
            var path = "/" + trigger["route"]!.Replace("{" + ApiRoutes.IdParameter + "}", "red.jpg", StringComparison.Ordinal);
            foreach (var method in trigger.Json.GetProperty("methods").EnumerateArray())
            {
                requests.Add(method.GetString()!.ToUpperInvariant(), path, trigger.Function);
            }
        }

        return requests;
    }

    [Theory]
    [MemberData(nameof(PagePaths))]
    public async Task TheRootAndEachPageFileReachThePageFunctionWithTheirFile(string path, string file)
    {
        await using var routes = HostRouteTable.OfTheApp();

        var routed = await routes.RouteAsync("GET", path);

        Assert.NotNull(routed);
        Assert.Equal(PageFunction, routed.Function);
        Assert.Equal(file, routed.Values[FunctionRoutes.WebPagePathParameter]);
    }

    [Theory]
    [MemberData(nameof(ApiRequests))]
    public async Task EachApiRequestReachesItsOwnFunction(string method, string path, string function)
    {
        await using var routes = HostRouteTable.OfTheApp();

        var routed = await routes.RouteAsync(method, path);

        Assert.Equal(function, routed?.Function);
    }

    /// <summary>
    /// The host orders routes by function name, not by precedence: the page's route must leave API requests alone on
    /// its own, so no renaming of a function can ever let it take them.
    /// </summary>
    [Theory]
    [MemberData(nameof(ApiRequests))]
    public async Task ThePageRouteAloneTakesNoApiRequest(string method, string path, string function)
    {
        await using var pageOnly = HostRouteTable.Of([FunctionsMetadata.TriggerOf(PageFunction)]);

        var routed = await pageOnly.RouteAsync(method, path);

        Assert.True(routed is null, $"{method} {path} (for {function}) reached {routed?.Function}");
    }

    [Theory]
    [InlineData("GET", "/api/search", nameof(CarSearchApi.SearchByText))]
    [InlineData("GET", "/API/Search", nameof(CarSearchApi.SearchByText))]
    [InlineData("GET", "/api/images/x/similar", nameof(CarSearchApi.FindSimilar))]
    [InlineData("GET", "/api/health", nameof(CarSearchApi.GetHealth))]
    [InlineData("POST", "/api/search/image", nameof(CarSearchApi.SearchByImage))]
    [InlineData("GET", "/api/search/image", null)]
    [InlineData("GET", "/api/no-such-route", null)]
    [InlineData("GET", "/api", null)]
    [InlineData("GET", "/Api/", null)]
    [InlineData("POST", "/runtime/webhooks/blobs", null)]
    [InlineData("GET", "/runtime/webhooks/blobs", null)]
    [InlineData("GET", "/admin/host/status", null)]
    [InlineData("GET", "/admin", null)]
    [InlineData("POST", "/", null)]
    public async Task ApiAndHostPathsNeverReachThePage(string method, string path, string? function)
    {
        await using var routes = HostRouteTable.OfTheApp();

        var routed = await routes.RouteAsync(method, path);

        Assert.Equal(function, routed?.Function);
    }

    /// <summary>Only a whole first segment is the API's or the host's: other names beginning alike are the page's to answer.</summary>
    [Theory]
    [InlineData("/apiary.html")]
    [InlineData("/administrator")]
    [InlineData("/js/api/x.js")]
    public async Task NamesThatMerelyBeginLikeReservedSegmentsAreThePages(string path)
    {
        await using var routes = HostRouteTable.OfTheApp();

        var routed = await routes.RouteAsync("GET", path);

        Assert.Equal(PageFunction, routed?.Function);
    }
}
