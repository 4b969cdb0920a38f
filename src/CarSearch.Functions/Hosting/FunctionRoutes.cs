using CarSearch.Api;
using CarSearch.Api.Web;

namespace CarSearch.Functions.Hosting;

/// <summary>
/// The route of every HTTP function, written whole: host.json's <c>routePrefix</c> is empty so the search page can be
/// at <c>/</c>, and each API route carries <see cref="ApiRoutes.Prefix"/> itself, as the local host's table does.
/// </summary>
/// <remarks>
/// How the host routes (azure-functions-host <c>WebScriptHostHttpRoutesManager.InitializeHttpFunctionRoutes</c>,
/// azure-webjobs-sdk-extensions <c>WebJobsRouteBuilder.MapFunctionRoute</c> and <c>WebJobsRouter</c>): one ASP.NET Core
/// <c>Microsoft.AspNetCore.Routing.Route</c> per function, built from its route template with the
/// <c>DefaultInlineConstraintResolver</c> and an <c>HttpMethodRouteConstraint</c> of its methods, all in one
/// <c>RouteCollection</c> where the first match wins. The functions come in name order
/// (<c>FunctionMetadataManager.LoadFunctionMetadata</c> sorts them, ordinal ignoring case), not by route precedence
/// (azure-functions-host #9876, azure-functions-dotnet-worker #1855, both open), so a bare <c>{*path}</c> named
/// before an API function would swallow its requests. <see cref="WebPage"/> therefore excludes the API's and the
/// host's segments itself and does not depend on any order. The host's own <c>admin</c> and <c>runtime</c> routes
/// are answered before function routes, and it refuses a function route starting with either.
/// </remarks>
public static class FunctionRoutes
{
    /// <summary>The catch-all route value naming the page's file (<c>js/main.js</c>).</summary>
    public const string WebPagePathParameter = "path";

    /// <summary>
    /// First path segments the page never takes (case-insensitive, as <c>RegexRouteConstraint</c> matches): the API's,
    /// and the host's reserved <c>admin</c> and <c>runtime</c>. A whole segment only, so <c>/apiary.html</c> is still
    /// the page's to answer (with its 404).
    /// </summary>
    public const string WebPageExcludedSegments = "^(?!(?:" + ApiRoutes.Prefix + "|admin|runtime)(?:/|$))";

    /// <summary>
    /// <c>GET /</c> and <c>GET /{file}</c>: the search page. A regex-constrained catch-all alone cannot match <c>/</c>
    /// (<c>RegexRouteConstraint</c> fails a missing value), so the default (the template's constraint comes before its
    /// default) gives the root <see cref="CarSearchWebPage.PageFile"/>.
    /// </summary>
    public const string WebPage =
        "{*" + WebPagePathParameter + ":regex(" + WebPageExcludedSegments + ")=" + CarSearchWebPage.PageFile + "}";

    /// <summary>See <see cref="ApiRoutes.Search"/>.</summary>
    public const string Search = Api + ApiRoutes.Search;

    /// <summary>See <see cref="ApiRoutes.SearchByImage"/>.</summary>
    public const string SearchByImage = Api + ApiRoutes.SearchByImage;

    /// <summary>See <see cref="ApiRoutes.Image"/>.</summary>
    public const string Image = Api + ApiRoutes.Image;

    /// <summary>See <see cref="ApiRoutes.ImageContent"/>.</summary>
    public const string ImageContent = Api + ApiRoutes.ImageContent;

    /// <summary>See <see cref="ApiRoutes.ImageThumbnail"/>.</summary>
    public const string ImageThumbnail = Api + ApiRoutes.ImageThumbnail;

    /// <summary>See <see cref="ApiRoutes.ImageDuplicates"/>.</summary>
    public const string ImageDuplicates = Api + ApiRoutes.ImageDuplicates;

    /// <summary>See <see cref="ApiRoutes.SimilarImages"/>.</summary>
    public const string SimilarImages = Api + ApiRoutes.SimilarImages;

    /// <summary>See <see cref="ApiRoutes.IngestStatus"/>.</summary>
    public const string IngestStatus = Api + ApiRoutes.IngestStatus;

    /// <summary>See <see cref="ApiRoutes.Reindex"/>.</summary>
    public const string Reindex = Api + ApiRoutes.Reindex;

    /// <summary>See <see cref="ApiRoutes.ScoreStats"/>.</summary>
    public const string ScoreStats = Api + ApiRoutes.ScoreStats;

    /// <summary>See <see cref="ApiRoutes.Health"/>.</summary>
    public const string Health = Api + ApiRoutes.Health;

    private const string Api = ApiRoutes.Prefix + "/";
}
