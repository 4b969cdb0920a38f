namespace CarSearch.Core.Index;

/// <summary>One search result: <paramref name="Score"/> is the cosine similarity, higher is better.</summary>
/// <param name="DuplicateOf">The document's <see cref="ImageDocument.DuplicateOf"/>.</param>
public sealed record SearchHit(
    string Id, string Name, double Score, IReadOnlyDictionary<string, string> Metadata, string? DuplicateOf = null);

/// <summary>
/// A page of results in <see cref="SearchOrder"/>; <see cref="ContinuationToken"/> is null on the last page, and
/// once a sequence has returned <see cref="SearchContinuation.MaxResultDepth"/> results.
/// </summary>
public sealed record SearchPage(IReadOnlyList<SearchHit> Hits, string? ContinuationToken)
{
    /// <summary>Where the search's time went; set by <see cref="Search.SearchService"/>, null on an index's own page.</summary>
    public Search.SearchTiming? Timing { get; init; }
}
