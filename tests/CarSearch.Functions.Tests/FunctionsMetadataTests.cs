using CarSearch.Api;
using CarSearch.Functions.Hosting;
using CarSearch.Functions.Http;
using CarSearch.Functions.Ingest;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Functions.Tests;

/// <summary>What the host is told about each function, read from the functions.metadata that ships.</summary>
public sealed class FunctionsMetadataTests
{
    /// <summary>The deployment's Event Grid subscription posts to the webhook of the function of this name.</summary>
    [Fact]
    public void IngestImageIsTheEventGridBlobTriggerOnTheImagesContainer()
    {
        var trigger = FunctionsMetadata.TriggerOf(nameof(IngestImage));

        Assert.Equal("blobTrigger", trigger.Type);
        Assert.Equal("EventGrid", trigger["source"]);
        Assert.Equal(StorageOptions.ConnectionSetting, trigger["connection"]);
        Assert.Equal($"%{StorageOptions.ContainerSetting}%/{{name}}", trigger["path"]);
    }

    [Fact]
    public void DeletesAndPoisonedBlobsComeFromQueuesOfTheImagesAccount()
    {
        var deletes = FunctionsMetadata.TriggerOf(nameof(ImageDeleted));
        var poison = FunctionsMetadata.TriggerOf(nameof(IngestPoison));

        Assert.Equal(("queueTrigger", "%ImageDeletesQueue%", "ImagesStorage"), (deletes.Type, deletes["queueName"], deletes["connection"]));
        Assert.Equal(("queueTrigger", "webjobs-blobtrigger-poison", "ImagesStorage"), (poison.Type, poison["queueName"], poison["connection"]));
    }

    [Fact]
    public void ReconcileRunsOnTheScheduleSetting()
    {
        var timer = FunctionsMetadata.TriggerOf(nameof(Reconcile));

        Assert.Equal(("timerTrigger", "%ReconcileSchedule%"), (timer.Type, timer["schedule"]));
    }

    /// <summary>
    /// Every route and method of the local host's API table is a function with the same route and method, and nothing
    /// else is but the page, except the local alias under admin/, which the Functions host refuses to load.
    /// </summary>
    [Fact]
    public void HttpFunctionsServeExactlyTheLocalRouteTable()
    {
        var functions = FunctionsMetadata.ApiHttpTriggers()
            .SelectMany(trigger => trigger.Json.GetProperty("methods").EnumerateArray()
                .Select(method => $"{method.GetString()!.ToUpperInvariant()} {trigger["route"]}"))
            .Order(StringComparer.Ordinal);

        var local = LocalRouteTable()
            .Where(route => !route.EndsWith($" {ApiRoutes.Prefix}/{ApiRoutes.LocalReindexAlias}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(local, functions);
    }

    /// <summary>The host refuses to load a function whose route, trimmed of slashes, starts with either (<c>ScriptHost.ValidateHttpFunction</c>).</summary>
    [Theory]
    [InlineData("admin")]
    [InlineData("runtime")]
    public void NoRouteStartsWithAHostReservedWord(string reserved)
    {
        Assert.All(FunctionsMetadata.OfType("httpTrigger"), trigger =>
            Assert.False(trigger["route"]!.Trim('/').StartsWith(reserved, StringComparison.OrdinalIgnoreCase), trigger["route"]));
    }

    /// <summary>host.json's route prefix is empty (the page is at /): the API's triggers carry the prefix themselves.</summary>
    [Fact]
    public void EveryApiRouteStartsWithTheApiPrefix()
    {
        Assert.All(FunctionsMetadata.ApiHttpTriggers(), trigger =>
            Assert.StartsWith(ApiRoutes.Prefix + "/", trigger["route"], StringComparison.Ordinal));
    }

    /// <summary>The browser fetches the page's styles and modules without its query string, so without a key.</summary>
    [Fact]
    public void ThePageIsAnAnonymousGetOnTheCatchAllRoute()
    {
        var page = FunctionsMetadata.TriggerOf(nameof(WebPageFunction.WebPage));

        Assert.Equal(("httpTrigger", FunctionRoutes.WebPage, "Anonymous"), (page.Type, page["route"], page["authLevel"]));
        Assert.Equal(["get"], page.Json.GetProperty("methods").EnumerateArray().Select(method => method.GetString()));
    }

    [Fact]
    public void ShoppersOperatorsAndTheAdminEachGetTheirAuthorizationLevel()
    {
        var shopper = FunctionAuthorization.PublicSearch ? "Anonymous" : "Function";
        var expected = new Dictionary<string, string>
        {
            [nameof(CarSearchApi.SearchByText)] = shopper,
            [nameof(CarSearchApi.SearchComposed)] = shopper,
            [nameof(CarSearchApi.SearchByImage)] = shopper,
            [nameof(CarSearchApi.FindSimilar)] = shopper,
            [nameof(CarSearchApi.GetImage)] = shopper,
            [nameof(CarSearchApi.GetImageContent)] = shopper,
            [nameof(CarSearchApi.GetImageThumbnail)] = shopper,
            [nameof(CarSearchApi.GetImageDuplicates)] = shopper,
            [nameof(CarSearchApi.GetIngestStatus)] = "Function",
            [nameof(CarSearchApi.GetScoreStats)] = "Function",
            [nameof(CarSearchApi.StartReindex)] = "Admin",
            [nameof(CarSearchApi.GetHealth)] = "Anonymous",
            [nameof(WebPageFunction.WebPage)] = "Anonymous",
        };

        var actual = FunctionsMetadata.OfType("httpTrigger").ToDictionary(trigger => trigger.Function, trigger => trigger["authLevel"]!);

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    /// <summary>"GET api/search"-style lines for every endpoint <see cref="CarSearchApi.MapCarSearchApi"/> maps.</summary>
    private static List<string> LocalRouteTable()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageOptions.ConnectionSetting] = "UseDevelopmentStorage=true",
        });
        builder.Services.AddCarSearchFunctions(builder.Configuration);
        var app = builder.Build();
        app.MapCarSearchApi();
        return ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{method} {endpoint.RoutePattern.RawText!.TrimStart('/')}"))
            .ToList();
    }
}
