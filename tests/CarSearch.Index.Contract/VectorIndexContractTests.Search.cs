using CarSearch.Core.Index;

namespace CarSearch.Index.Contract;

/// <summary>Top-k search: ranking, scores, the bounds of k, leaving one document out, bad queries.</summary>
public abstract partial class VectorIndexContractTests
{
    [SkippableFact]
    public async Task SearchReturnsTheNearestDocumentsBestFirstWithCosineScores()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(40);
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 1).NextUnit();

        var page = await index.SearchAsync(new VectorQuery(query, Top: 10));

        AssertRanked(corpus, query, page.Hits, 10);
    }

    [SkippableFact]
    public async Task SearchFindsADocumentByItsOwnEmbeddingWithScoreOne()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(20);
        await UpsertAllAsync(index, corpus);

        var page = await index.SearchAsync(new VectorQuery(corpus[13].Embedding, Top: 3));

        Assert.Equal(corpus[13].Id, page.Hits[0].Id);
        Assert.InRange(page.Hits[0].Score, 1 - ScoreTolerance, 1 + ScoreTolerance);
        AssertRanked(corpus, corpus[13].Embedding, page.Hits, 3);
    }

    [SkippableFact]
    public async Task SearchWithTopOneReturnsOnlyTheBest()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(30);
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 2).NextUnit();

        var page = await index.SearchAsync(new VectorQuery(query, Top: 1));

        AssertRanked(corpus, query, page.Hits, 1);
        Assert.NotNull(page.ContinuationToken);
    }

    [SkippableFact]
    public async Task SearchWithTheLargestTopReturnsAHundredThenTheRest()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(VectorQuery.MaxTop + 5);
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 3).NextUnit();

        var first = await index.SearchAsync(new VectorQuery(query, Top: VectorQuery.MaxTop));
        AssertRanked(corpus, query, first.Hits, VectorQuery.MaxTop);
        Assert.NotNull(first.ContinuationToken);

        var second = await index.SearchAsync(new VectorQuery(query, Top: VectorQuery.MaxTop, ContinuationToken: first.ContinuationToken));
        Assert.Equal(5, second.Hits.Count);
        Assert.Null(second.ContinuationToken);
        AssertRanked(corpus, query, [.. first.Hits, .. second.Hits], corpus.Count);
    }

    [SkippableFact]
    public async Task SearchWithTopAboveTheCountReturnsEverythingOnOnePage()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(30);
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 4).NextUnit();

        var page = await index.SearchAsync(new VectorQuery(query, Top: VectorQuery.MaxTop));

        AssertRanked(corpus, query, page.Hits, corpus.Count);
        Assert.Null(page.ContinuationToken);
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(VectorQuery.MaxTop + 1)]
    public async Task SearchWithTopOutsideOneToAHundredIsRejected(int top)
    {
        var index = await NewIndexAsync();
        await UpsertAllAsync(index, Corpus(3));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => index.SearchAsync(new VectorQuery(Vectors().NextUnit(), Top: top)));
    }

    [SkippableTheory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task SearchWithAVectorOfAnotherDimensionIsRejected(int difference)
    {
        var index = await NewIndexAsync();
        await UpsertAllAsync(index, Corpus(3));

        await Assert.ThrowsAnyAsync<ArgumentException>(
            () => index.SearchAsync(new VectorQuery(new TestVectors(Dimensions + difference, Seed).NextUnit())));
    }

    [SkippableFact]
    public async Task SearchOfAnEmptyIndexIsAnEmptyLastPage()
    {
        var index = await NewIndexAsync();

        var page = await index.SearchAsync(new VectorQuery(Vectors().NextUnit()));

        Assert.Empty(page.Hits);
        Assert.Null(page.ContinuationToken);
    }

    [SkippableFact]
    public async Task SearchLeavesOutTheExcludedDocument()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(20);
        await UpsertAllAsync(index, corpus);
        var source = corpus[7];

        var page = await index.SearchAsync(new VectorQuery(source.Embedding, Top: 5, ExcludeIds: [source.Id]));

        AssertRanked(corpus.Where(d => d.Id != source.Id).ToList(), source.Embedding, page.Hits, 5);
    }

    [SkippableFact]
    public async Task SearchExcludingAnUnknownIdChangesNothing()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(10);
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 5).NextUnit();

        var page = await index.SearchAsync(new VectorQuery(query, Top: 4, ExcludeIds: [DocumentId.FromName("never stored.jpg")]));

        AssertRanked(corpus, query, page.Hits, 4);
    }
}
