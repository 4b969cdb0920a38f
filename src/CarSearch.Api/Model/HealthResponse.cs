namespace CarSearch.Api.Model;

/// <summary>What <c>GET health</c> answers when the app can search.</summary>
/// <param name="Status">Always "ok" (a failing check answers 503 with a problem instead).</param>
/// <param name="ModelId">Which model embeds queries and images.</param>
/// <param name="Index">"local" or "cosmos".</param>
/// <param name="Documents">Images in the index.</param>
public sealed record HealthResponse(string Status, string ModelId, string Index, long Documents)
{
    public const string Ok = "ok";
}
