using System.Globalization;
using CarSearch.Core.Search;

namespace CarSearch.Api.Http;

/// <summary>
/// The W3C <c>Server-Timing</c> header of a search answer: <c>embed</c> (the query's vector) and <c>index</c> (the
/// top-k query) in milliseconds, which a browser's developer tools chart beside the request and a client can read to
/// tell a slow model from a slow index.
/// </summary>
internal static class ServerTimingHeader
{
    public const string Name = "Server-Timing";

    public static string Format(SearchTiming timing) => string.Create(
        CultureInfo.InvariantCulture,
        $"embed;dur={timing.Embedding.TotalMilliseconds:0.###};desc=\"query vector\", index;dur={timing.Index.TotalMilliseconds:0.###};desc=\"top-k query\"");
}
