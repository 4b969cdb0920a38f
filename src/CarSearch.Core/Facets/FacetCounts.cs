using CarSearch.Core.Index;

namespace CarSearch.Core.Facets;

/// <summary>
/// How many of a page's results have each label, per set: counted from the results returned (no second query), so
/// they describe the page, not every match. Every set is present, empty when no result has it (images indexed
/// before facets, before a re-index).
/// </summary>
public static class FacetCounts
{
    /// <summary>Keyed by <see cref="FacetSet.LabelKey"/>; within a set, most frequent label first, then by name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Of(IReadOnlyList<SearchHit> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var counts = new Dictionary<string, IReadOnlyDictionary<string, int>>(FacetSet.All.Count, StringComparer.Ordinal);
        foreach (var set in FacetSet.All)
        {
            counts[set.LabelKey] = hits
                .Select(hit => hit.Metadata.TryGetValue(set.LabelKey, out var label) ? label : null)
                .OfType<string>()
                .CountBy(label => label, StringComparer.Ordinal)
                .OrderByDescending(count => count.Value)
                .ThenBy(count => count.Key, StringComparer.Ordinal)
                .ToDictionary(count => count.Key, count => count.Value, StringComparer.Ordinal);
        }

        return counts;
    }
}
