namespace CarSearch.Core.Index;

/// <summary>A top-k nearest-neighbour query.</summary>
/// <param name="Vector">The query embedding (L2-normalised, the index's dimension).</param>
/// <param name="Top">How many results per page, 1 to <see cref="MaxTop"/>.</param>
/// <param name="Filters">Metadata fields that must equal the given values (keys case-insensitive, values exact).</param>
/// <param name="ExcludeId">A document to leave out ("more like this one").</param>
/// <param name="ContinuationToken">The <see cref="SearchPage.ContinuationToken"/> of the previous page, for the next one.</param>
public sealed record VectorQuery(
    float[] Vector,
    int Top = VectorQuery.DefaultTop,
    IReadOnlyDictionary<string, string>? Filters = null,
    string? ExcludeId = null,
    string? ContinuationToken = null)
{
    public const int DefaultTop = 10;

    public const int MaxTop = 100;
}
