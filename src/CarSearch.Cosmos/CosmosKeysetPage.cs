using CarSearch.Core.Index;

namespace CarSearch.Cosmos;

/// <summary>
/// Cuts the page after a continuation key out of the best n rows a vector query returned. The service ranks by score
/// alone and returns equal scores in no particular order, so the rows are put in <see cref="SearchOrder"/> here and
/// the page is only taken from rows the n cannot have cut short.
/// </summary>
internal static class CosmosKeysetPage
{
    /// <summary>
    /// The page of <paramref name="top"/> rows after <paramref name="after"/> (from the top when null), from
    /// <paramref name="best"/>, the answer to a query for the best <paramref name="asked"/> rows (sorted here).
    /// </summary>
    public static Cut Take(List<SearchHit> best, int asked, ContinuationKey? after, int top)
    {
        best.Sort(SearchOrder.Hits);
        var eligible = after is null ? best : best.FindAll(hit => after.IsFollowedBy(hit.Score, hit.Id));

        // Fewer rows than asked for: that is every matching document, so every row is where it belongs.
        if (best.Count < asked)
        {
            return new Cut(eligible[..Math.Min(top, eligible.Count)], eligible.Count > top, Settled: true);
        }

        // Otherwise documents not returned score at most the last row's score. Rows scoring more are complete and in
        // order; rows tying with it may be a tie group cut short, missing members with lower ids.
        var boundary = best[^1].Score;
        var complete = eligible.FindIndex(hit => hit.Score == boundary) is var tied and >= 0 ? tied : eligible.Count;
        if (complete >= top)
        {
            // A row after the key scores above the boundary, so the boundary row is after the key too: more follow.
            return new Cut(eligible[..top], HasMore: true, Settled: true);
        }

        return new Cut(eligible[..complete], HasMore: false, Settled: false);
    }

    /// <summary>
    /// A page cut from the best rows. Not <paramref name="Settled"/>: rows were inserted above the key, or a tie group
    /// reaches the last row, and the best n rows cannot fill the page; <paramref name="Hits"/> then holds the rows that
    /// are certain, for when no more may be asked for.
    /// </summary>
    public sealed record Cut(List<SearchHit> Hits, bool HasMore, bool Settled);
}
