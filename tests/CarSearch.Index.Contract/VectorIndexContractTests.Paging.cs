using CarSearch.Core.Index;

namespace CarSearch.Index.Contract;

/// <summary>Asking for the next page of the same query.</summary>
public abstract partial class VectorIndexContractTests
{
    [SkippableFact]
    public async Task PagesContinueOneAnotherWithoutOverlapOrGap()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(25);
        await UpsertAllAsync(index, corpus);
        var query = new VectorQuery(Vectors(salt: 20).NextUnit(), Top: 10);

        var first = await index.SearchAsync(query);
        Assert.Equal(10, first.Hits.Count);
        Assert.NotNull(first.ContinuationToken);

        var second = await index.SearchAsync(query with { ContinuationToken = first.ContinuationToken });
        Assert.Equal(10, second.Hits.Count);
        Assert.NotNull(second.ContinuationToken);

        var third = await index.SearchAsync(query with { ContinuationToken = second.ContinuationToken });
        Assert.Equal(5, third.Hits.Count);
        Assert.Null(third.ContinuationToken);

        AssertRanked(corpus, query.Vector, [.. first.Hits, .. second.Hits, .. third.Hits], corpus.Count);
    }

    [SkippableFact]
    public async Task ThePageThatEndsExactlyAtTheLastResultHasNoToken()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(12);
        await UpsertAllAsync(index, corpus);
        var query = new VectorQuery(Vectors(salt: 21).NextUnit(), Top: 6);

        var hits = await ReadAllPagesAsync(index, query, maxPages: 2);

        AssertRanked(corpus, query.Vector, hits, corpus.Count);
    }

    [SkippableFact]
    public async Task PagesKeepTheFiltersAndTheExcludedId()
    {
        var index = await NewIndexAsync();
        var corpus = CarCorpus();
        await UpsertAllAsync(index, corpus);
        var source = corpus.First(d => d.Metadata["Colour"] == "red");
        var query = new VectorQuery(
            source.Embedding, Top: 4, Filters: new Dictionary<string, string> { ["colour"] = "red" }, ExcludeId: source.Id);

        var hits = await ReadAllPagesAsync(index, query, maxPages: 10);

        var matching = corpus.Where(d => d.Metadata["Colour"] == "red" && d.Id != source.Id).ToList();
        AssertRanked(matching, source.Embedding, hits, matching.Count);
    }

    [SkippableTheory]
    [InlineData("not a token")]
    [InlineData("AAAA")]
    public async Task AMalformedContinuationTokenIsRejected(string token)
    {
        var index = await NewIndexAsync();
        await UpsertAllAsync(index, Corpus(5));

        await Assert.ThrowsAnyAsync<ArgumentException>(
            () => index.SearchAsync(new VectorQuery(Vectors().NextUnit(), Top: 2, ContinuationToken: token)));
    }
}
