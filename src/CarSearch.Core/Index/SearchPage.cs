namespace CarSearch.Core.Index;

/// <summary>One search result: <paramref name="Score"/> is the cosine similarity, higher is better.</summary>
public sealed record SearchHit(string Id, string Name, double Score, IReadOnlyDictionary<string, string> Metadata);

/// <summary>A page of results, best first; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record SearchPage(IReadOnlyList<SearchHit> Hits, string? ContinuationToken);
