namespace CarSearch.Core.Index;

/// <summary>
/// Where a page sequence stands: the last result returned (its score and id) and how many results the sequence has
/// returned so far. The next page is the best results strictly after the key in <see cref="SearchOrder"/>, so a
/// result is never returned twice, whatever was added or removed between pages.
/// </summary>
/// <param name="Score">The last result's score, exactly as the index returned it.</param>
/// <param name="Id">The last result's document id.</param>
/// <param name="Rank">Results returned so far: bounds the sequence at <see cref="SearchContinuation.MaxResultDepth"/>,
/// and tells an index that must rank from the top each time (Cosmos DB) how far down the key was.</param>
public sealed record ContinuationKey(double Score, string Id, int Rank)
{
    /// <summary>Whether a result scoring <paramref name="score"/> with id <paramref name="id"/> ranks after the key.</summary>
    public bool IsFollowedBy(double score, string id) => SearchOrder.Compare(Score, Id, score, id) < 0;
}
