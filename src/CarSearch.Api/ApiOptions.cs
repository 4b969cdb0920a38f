using System.ComponentModel.DataAnnotations;

namespace CarSearch.Api;

/// <summary>Limits of the HTTP API, bound from the <c>CarSearch:Api</c> section.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "CarSearch:Api";

    public const int DefaultMaxUploadBytes = 20 * 1024 * 1024;

    /// <summary>Highest configurable limit: an upload is held in one array while it is decoded.</summary>
    public const int HighestMaxUploadBytes = 512 * 1024 * 1024;

    /// <summary>
    /// Largest image a search-by-photo accepts, in bytes; a larger body is refused with 413 while it is read, so
    /// neither a false Content-Length nor a chunked body without one gets more in.
    /// </summary>
    [Range(1, HighestMaxUploadBytes)]
    public int MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>
    /// Origins other sites' pages may call the API from (<c>CarSearch:Api:CorsOrigins:0</c>, ...), e.g.
    /// <c>https://shop.example.com</c>. Empty (the default): no cross-origin access, only the app's own page. The local
    /// host applies it; the Functions app's CORS is the platform's setting (<c>allowedOrigins</c> in infra/).
    /// </summary>
    public IList<string> CorsOrigins { get; } = [];
}
