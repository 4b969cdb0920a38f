using Microsoft.Azure.Functions.Worker;

namespace CarSearch.Functions.Hosting;

/// <summary>
/// Who may call each HTTP function. Attribute arguments are compile-time constants, so the public-shop switch is the
/// MSBuild property <c>CarSearchPublicSearch</c> (<c>-p:CarSearchPublicSearch=true</c>, or the environment variable of
/// that name for azd), which defines <c>CARSEARCH_PUBLIC_SEARCH</c>.
/// </summary>
public static class FunctionAuthorization
{
#if CARSEARCH_PUBLIC_SEARCH
    /// <summary>True when this build lets anyone search and view images.</summary>
    public const bool PublicSearch = true;

    /// <summary>Search by text, by photo, similar images, an image's metadata and bytes: what a shop page calls.</summary>
    public const AuthorizationLevel Shopper = AuthorizationLevel.Anonymous;
#else
    /// <summary>True when this build lets anyone search and view images.</summary>
    public const bool PublicSearch = false;

    /// <summary>Search by text, by photo, similar images, an image's metadata and bytes: what a shop page calls.</summary>
    public const AuthorizationLevel Shopper = AuthorizationLevel.Function;
#endif

    /// <summary>
    /// The ingest status: failure reasons and names of images nobody can find are for operators, public shop or not.
    /// </summary>
    public const AuthorizationLevel Operator = AuthorizationLevel.Function;

    /// <summary>Re-index: re-embeds every image, so only the master key may start it.</summary>
    public const AuthorizationLevel Admin = AuthorizationLevel.Admin;

    /// <summary>
    /// Health: model id, index kind and document count reveal nothing secret, and availability probes carry no key.
    /// </summary>
    public const AuthorizationLevel Probe = AuthorizationLevel.Anonymous;

    /// <summary>
    /// The search page and its files: a browser fetches the styles and modules without the page's query string, so no
    /// key can reach them; the page holds nothing but its own markup and code, and passes <c>?code=</c> on to the API.
    /// </summary>
    public const AuthorizationLevel Page = AuthorizationLevel.Anonymous;
}
