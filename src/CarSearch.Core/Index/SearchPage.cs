namespace CarSearch.Core.Index;

/// <summary>One search result: <paramref name="Score"/> is the cosine similarity, higher is better.</summary>
public sealed record SearchHit(string Id, string Name, double Score, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// A page of results in <see cref="SearchOrder"/>; <see cref="ContinuationToken"/> is null on the last page, and
/// once a sequence has returned <see cref="SearchContinuation.MaxResultDepth"/> results.
/// </summary>
public sealed record SearchPage(IReadOnlyList<SearchHit> Hits, string? ContinuationToken);
