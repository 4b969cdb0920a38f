using CarSearch.Core.Ingest;

namespace CarSearch.Api.Model;

/// <summary>What <c>GET health</c> answers when the app can search.</summary>
/// <param name="Status">
/// "ok", or "degraded" when the image storage is unreachable: searches still work from the index, uploads wait. An
/// index that cannot be reached answers 503 with a problem instead.
/// </param>
/// <param name="ModelId">Which model embeds queries and images.</param>
/// <param name="Index">"local" or "cosmos".</param>
/// <param name="Documents">Images in the index.</param>
/// <param name="Storage">The image storage as last seen (asked again when that is older than a few seconds).</param>
public sealed record HealthResponse(string Status, string ModelId, string Index, long Documents, StorageStatus Storage)
{
    public const string Ok = "ok";

    public const string Degraded = "degraded";
}
