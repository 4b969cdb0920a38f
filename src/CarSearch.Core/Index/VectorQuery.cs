namespace CarSearch.Core.Index;

/// <summary>A top-k nearest-neighbour query.</summary>
/// <param name="Vector">The query embedding (L2-normalised, the index's dimension).</param>
/// <param name="Top">How many results per page, 1 to <see cref="MaxTop"/>.</param>
/// <param name="Filters">Metadata fields that must equal the given values (keys case-insensitive, values exact).</param>
/// <param name="ExcludeIds">
/// Documents to leave out: the images a query is made from ("more like this one", a composed query's image terms).
/// At most <see cref="MaxExcludedIds"/>.
/// </param>
/// <param name="ContinuationToken">The <see cref="SearchPage.ContinuationToken"/> of the previous page, for the next one.</param>
/// <param name="MinScore">
/// The lowest score a result may have (a relevance cut-off); null for none. A page ends at the first result below it,
/// and no token is issued when the next result would be below it.
/// </param>
public sealed record VectorQuery(
    float[] Vector,
    int Top = VectorQuery.DefaultTop,
    IReadOnlyDictionary<string, string>? Filters = null,
    IReadOnlyCollection<string>? ExcludeIds = null,
    string? ContinuationToken = null,
    double? MinScore = null)
{
    public const int DefaultTop = 10;

    public const int MaxTop = 100;

    /// <summary>Most documents one query may leave out: each is a condition of the Cosmos DB query.</summary>
    public const int MaxExcludedIds = 16;

    /// <summary>Whether a result with <paramref name="score"/> passes the <see cref="MinScore"/> cut-off.</summary>
    public bool Admits(double score) => MinScore is not { } min || score >= min;
}
