using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>What an index holds, compared with what it should: the count, the listing and every document whole.</summary>
internal static class IndexAssert
{
    public static async Task HoldsExactlyAsync(EmbeddedVectorIndex index, IReadOnlyCollection<ImageDocument> expected)
    {
        Assert.Equal(expected.Count, await index.CountAsync());
        Assert.Equal(expected.Select(d => d.Id).Order(StringComparer.Ordinal), (await index.ListAsync().ToListAsync()).Select(entry => entry.Id).Order(StringComparer.Ordinal));
        foreach (var document in expected)
        {
            DocumentAssert.Same(document, await index.GetAsync(document.Id));
        }
    }
}
