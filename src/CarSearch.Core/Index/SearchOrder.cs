namespace CarSearch.Core.Index;

/// <summary>
/// The order every index returns results in: score descending, then id ascending (ordinal). Ids are unique, so the
/// order is total even where scores are exactly equal (one image uploaded under two names), which is what lets a
/// page sequence continue strictly after a (score, id) key without repeating or skipping a result.
/// </summary>
public static class SearchOrder
{
    /// <summary>Ranks hits best first.</summary>
    public static IComparer<SearchHit> Hits { get; } =
        Comparer<SearchHit>.Create(static (a, b) => Compare(a.Score, a.Id, b.Score, b.Id));

    /// <summary>Negative when (<paramref name="score"/>, <paramref name="id"/>) ranks before the other result.</summary>
    public static int Compare(double score, string id, double otherScore, string otherId) =>
        score > otherScore ? -1 : score < otherScore ? 1 : string.CompareOrdinal(id, otherId);
}
