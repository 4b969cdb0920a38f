using CarSearch.Core.Index;

namespace CarSearch.Core.Duplicates;

/// <summary>
/// A search that shows one image per near-duplicate group: the group's best-scoring member that the query admits
/// (filters, images left out), in the group's place in the ranking. Stateless, so paging stays keyset paging: each
/// result is kept or dropped by looking at its own group (listed from the index and scored against the query), never by
/// remembering earlier pages, and a page still holds <see cref="VectorQuery.Top"/> results while the index has more.
/// </summary>
internal static class CollapsedSearch
{
    public static async Task<SearchPage> SearchAsync(IVectorIndex index, VectorQuery query, CancellationToken cancellationToken)
    {
        var rank = SearchContinuation.Read(query)?.Rank ?? 0;
        // Twice the page and one: groups of two cost no second read. The one beyond the page decides the token.
        var fetch = query with { Top = Math.Min(VectorQuery.MaxTop, (2 * query.Top) + 1) };
        var shown = new List<(SearchHit Hit, int Rank)>(query.Top + 1);
        while (shown.Count <= query.Top)
        {
            var page = await index.SearchAsync(fetch, cancellationToken).ConfigureAwait(false);
            var representatives = await RepresentativesAsync(index, query, page.Hits, cancellationToken).ConfigureAwait(false);
            foreach (var hit in page.Hits)
            {
                rank++;
                if (representatives.Contains(hit.Id))
                {
                    shown.Add((hit, rank));
                    if (shown.Count > query.Top)
                    {
                        break;
                    }
                }
            }

            if (page.ContinuationToken is null)
            {
                break;
            }

            fetch = fetch with { ContinuationToken = page.ContinuationToken };
        }

        if (shown.Count <= query.Top)
        {
            return new SearchPage([.. shown.Select(s => s.Hit)], null);
        }

        var (last, lastRank) = shown[query.Top - 1];
        return new SearchPage([.. shown.Take(query.Top).Select(s => s.Hit)], SearchContinuation.Create(query, last, lastRank));
    }

    /// <summary>The ids among <paramref name="hits"/> that are the best admitted member of their group.</summary>
    private static async Task<HashSet<string>> RepresentativesAsync(
        IVectorIndex index, VectorQuery query, IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        if (hits.Count == 0)
        {
            return kept;
        }

        var groups = hits.Select(DuplicateRule.GroupOf).Distinct(StringComparer.Ordinal).ToArray();
        var membersByGroup = (await index.ListDuplicatesAsync(groups, cancellationToken).ConfigureAwait(false))
            .ToLookup(member => member.DuplicateOf!, StringComparer.Ordinal);
        var bestByGroup = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            var group = DuplicateRule.GroupOf(hit);
            if (!membersByGroup[group].Any())
            {
                kept.Add(hit.Id);
                continue;
            }

            if (!bestByGroup.TryGetValue(group, out var best))
            {
                var representative = await index.GetAsync(group, cancellationToken).ConfigureAwait(false);
                best = BestAdmitted(query, membersByGroup[group].Append(representative)).FirstOrDefault()?.Id;
                bestByGroup[group] = best;
            }

            // A hit its group listing missed (written meanwhile) is shown rather than lost.
            if (best == hit.Id || best is null)
            {
                kept.Add(hit.Id);
            }
        }

        return kept;
    }

    /// <summary>
    /// The members the query admits, best first by their cosine to it, each scored the same way so the choice is the
    /// same on every page.
    /// </summary>
    private static IEnumerable<ImageDocument> BestAdmitted(VectorQuery query, IEnumerable<ImageDocument?> members) =>
        members
            .OfType<ImageDocument>()
            .Where(member => DuplicateRule.Matches(member.Metadata, query.Filters)
                             && !(query.ExcludeIds ?? []).Contains(member.Id, StringComparer.Ordinal)
                             && member.Embedding.Length == query.Vector.Length)
            .Select(member => (Member: member, Score: DuplicateRule.Cosine(query.Vector, member.Embedding)))
            .OrderBy(scored => scored.Score, Comparer<double>.Create((a, b) => b.CompareTo(a)))
            .ThenBy(scored => scored.Member.Id, StringComparer.Ordinal)
            .Select(scored => scored.Member);
}
