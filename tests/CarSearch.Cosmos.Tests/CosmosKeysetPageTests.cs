using CarSearch.Core.Index;

namespace CarSearch.Cosmos.Tests;

/// <summary>Which rows of the best n a page may be cut from, and when the n rows cannot tell.</summary>
public class CosmosKeysetPageTests
{
    [Fact]
    public void FewerRowsThanAskedForAreAllThereIs()
    {
        var best = Rows(("d", 0.4), ("b", 0.9), ("c", 0.5), ("a", 0.5));

        var cut = CosmosKeysetPage.Take(best, asked: 10, new ContinuationKey(0.9, "b", 1), top: 2);

        Assert.True(cut.Settled);
        Assert.True(cut.HasMore);
        Assert.Equal(["a", "c"], cut.Hits.Select(h => h.Id));
    }

    [Fact]
    public void ThePageIsTakenFromRowsScoringAboveTheLastRow()
    {
        var best = Rows(("a", 0.9), ("b", 0.8), ("c", 0.7), ("d", 0.6));

        var cut = CosmosKeysetPage.Take(best, asked: 4, new ContinuationKey(0.9, "a", 1), top: 2);

        Assert.True(cut.Settled);
        Assert.True(cut.HasMore);
        Assert.Equal(["b", "c"], cut.Hits.Select(h => h.Id));
    }

    [Fact]
    public void ATieGroupReachingTheLastRowCannotFillThePage()
    {
        // Other members of the group, with lower ids than these, may not have been returned.
        var best = Rows(("a", 0.9), ("y", 0.5), ("x", 0.5), ("z", 0.5));

        var cut = CosmosKeysetPage.Take(best, asked: 4, after: null, top: 2);

        Assert.False(cut.Settled);
        Assert.Equal(["a"], cut.Hits.Select(h => h.Id));
    }

    [Fact]
    public void RowsInsertedAboveTheKeyCannotFillThePage()
    {
        var best = Rows(("new-1", 0.99), ("new-2", 0.98), ("a", 0.9), ("b", 0.8));

        var cut = CosmosKeysetPage.Take(best, asked: 4, new ContinuationKey(0.9, "a", 1), top: 2);

        Assert.False(cut.Settled);
        Assert.Empty(cut.Hits);
    }

    private static List<SearchHit> Rows(params (string Id, double Score)[] rows) =>
        rows.Select(r => new SearchHit(r.Id, r.Id, r.Score, new Dictionary<string, string>())).ToList();
}
