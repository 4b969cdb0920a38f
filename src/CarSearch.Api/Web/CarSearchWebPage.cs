using System.Text;
using System.Text.Encodings.Web;
using CarSearch.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CarSearch.Api.Web;

/// <summary>
/// The search page (plain HTML, CSS and ES modules from <c>wwwroot/</c>, embedded in this assembly): the local host maps
/// it with <see cref="MapCarSearchWebPage"/>, the Functions app calls <see cref="Serve"/> from an anonymous catch-all
/// trigger. Either way the same bytes, headers and errors.
/// </summary>
public static class CarSearchWebPage
{
    /// <summary>The file a request for the page's folder gets.</summary>
    public const string PageFile = "index.html";

    /// <summary>
    /// Scripts, styles, fonts and fetches from this origin only; no inline script or style, no plugins, no framing,
    /// no &lt;base&gt;. <c>blob:</c> images are the preview of the photo being searched with, made in the browser.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// How the page names the API's base URL; <see cref="Serve"/> rewrites it when the app runs under a path base, so
    /// the page calls the API where the API's own links point (<c>{PathBase}/api/</c>).
    /// </summary>
    internal const string ApiBaseMeta = "<meta name=\"carsearch-api\" content=\"/" + ApiRoutes.Prefix + "/\">";

    /// <summary>Maps <c>GET /</c> and <c>GET /{file}</c> for each of the page's files, and nothing else, so the API's own 404 and 405 answers stay intact.</summary>
    public static IEndpointRouteBuilder MapCarSearchWebPage(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", (HttpRequest request) => Serve(request, null))
            .WithName("WebPage")
            .ExcludeFromDescription();
        foreach (var path in WebPageAssets.Embedded.Paths)
        {
            app.MapGet("/" + path, (HttpRequest request) => Serve(request, path))
                .WithName("WebPage:" + path)
                .ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>
    /// Answers a request for one of the page's files: <paramref name="path"/> is relative to where the page is mounted
    /// (a catch-all route value such as <c>js/main.js</c>); null or empty is the page itself. With an ETag (a
    /// conditional request gets 304), <c>no-cache</c> (revalidated each time: file names carry no version),
    /// <c>nosniff</c>, <see cref="ContentSecurityPolicy"/> and no referrer (the page URL may carry a function key).
    /// An unknown file is a 404 problem.
    /// </summary>
    public static IResult Serve(HttpRequest request, string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        var file = (path ?? "").TrimStart('/');
        if (file.Length == 0)
        {
            // The page's links are relative to its folder; ".../web" would resolve them against the parent folder.
            if (!request.Path.HasValue || !request.Path.Value.EndsWith('/'))
            {
                return TypedResults.Redirect($"{request.PathBase}{request.Path}/{request.QueryString}");
            }

            file = PageFile;
        }

        if (!WebPageAssets.Embedded.TryGet(file, out var asset))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found",
                detail: $"Nothing here matches {request.Path}. The search page is at /, the API under /{ApiRoutes.Prefix}/.");
        }

        if (file == PageFile)
        {
            asset = WithApiBase(asset, ApiLinks.To(request, ""));
        }

        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.EntityTag);
    }

    /// <summary>The page naming <paramref name="apiBase"/> as the API's base; itself when that is the default.</summary>
    private static WebPageAsset WithApiBase(WebPageAsset page, string apiBase)
    {
        var meta = $"<meta name=\"carsearch-api\" content=\"{HtmlEncoder.Default.Encode(apiBase)}\">";
        if (meta == ApiBaseMeta)
        {
            return page;
        }

        var html = Encoding.UTF8.GetString(page.Content).Replace(ApiBaseMeta, meta, StringComparison.Ordinal);
        return WebPageAsset.Create(page.Path, Encoding.UTF8.GetBytes(html), page.ContentType);
    }
}
