using CarSearch.Core.Index;

namespace CarSearch.Index.Contract;

/// <summary>
/// What composed queries and the relevance cut-off ask of an index: leaving several documents out, and a minimum score
/// that ends a page sequence at the first result below it.
/// </summary>
public abstract partial class VectorIndexContractTests
{
    [SkippableFact]
    public async Task SearchLeavesOutEveryExcludedDocument()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(20);
        await UpsertAllAsync(index, corpus);
        var query = corpus[3].Embedding;
        var excluded = new[] { corpus[3].Id, corpus[11].Id, corpus[17].Id, DocumentId.FromName("never stored.jpg") };

        var page = await index.SearchAsync(new VectorQuery(query, Top: 20, ExcludeIds: excluded));

        AssertRanked(corpus.Where(d => !excluded.Contains(d.Id)).ToList(), query, page.Hits, 17);
        Assert.Null(page.ContinuationToken);
    }

    [SkippableFact]
    public async Task ATokenOnlyContinuesTheSameExcludedDocuments()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(12);
        await UpsertAllAsync(index, corpus);
        var query = new VectorQuery(corpus[0].Embedding, Top: 3, ExcludeIds: [corpus[0].Id, corpus[1].Id]);
        var first = await index.SearchAsync(query);
        Assert.NotNull(first.ContinuationToken);

        // The same set in another order continues; another set is another query.
        var reordered = await index.SearchAsync(
            query with { ExcludeIds = [corpus[1].Id, corpus[0].Id], ContinuationToken = first.ContinuationToken });
        Assert.Equal(3, reordered.Hits.Count);
        await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(
            query with { ExcludeIds = [corpus[0].Id], ContinuationToken = first.ContinuationToken }));
    }

    [SkippableFact]
    public async Task MinScoreDropsResultsBelowItAndEndsTheSequenceThere()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(40);
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 21).NextUnit();
        var ranked = corpus.Select(d => TestVectors.Cosine(query, d.Embedding)).OrderDescending().ToList();
        // Halfway between the 7th and 8th best, so float rounding cannot move a document across it.
        var minScore = (ranked[6] + ranked[7]) / 2;

        var hits = await ReadAllPagesAsync(index, new VectorQuery(query, Top: 3, MinScore: minScore), maxPages: 10);

        AssertRanked(corpus, query, hits, 7);
        Assert.All(hits, hit => Assert.True(hit.Score >= minScore));
    }

    [SkippableFact]
    public async Task APageFilledUpToTheCutOffHasNoToken()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(30);
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 22).NextUnit();
        var ranked = corpus.Select(d => TestVectors.Cosine(query, d.Embedding)).OrderDescending().ToList();

        // Exactly a page of results reaches the cut-off: no empty page may follow.
        var page = await index.SearchAsync(new VectorQuery(query, Top: 5, MinScore: (ranked[4] + ranked[5]) / 2));

        AssertRanked(corpus, query, page.Hits, 5);
        Assert.Null(page.ContinuationToken);
    }

    [SkippableFact]
    public async Task MinScoreAboveEveryScoreFindsNothing()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(10);
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 23).NextUnit();
        var best = corpus.Max(d => TestVectors.Cosine(query, d.Embedding));

        var page = await index.SearchAsync(new VectorQuery(query, Top: 5, MinScore: Math.Min(1, best + 0.01)));

        Assert.Empty(page.Hits);
        Assert.Null(page.ContinuationToken);
    }

    [SkippableFact]
    public async Task MinScoreWithFiltersCutsTheFilteredRanking()
    {
        var index = await NewIndexAsync();
        var corpus = CarCorpus();
        await UpsertAllAsync(index, corpus);
        var query = Vectors(salt: 24).NextUnit();
        var audis = corpus.Where(d => d.Metadata["Make"] == "Audi").ToList();
        var ranked = audis.Select(d => TestVectors.Cosine(query, d.Embedding)).OrderDescending().ToList();
        Assert.True(ranked.Count >= 3, "The car corpus needs at least three Audis.");
        var minScore = (ranked[1] + ranked[2]) / 2;

        var hits = await ReadAllPagesAsync(
            index,
            new VectorQuery(query, Top: 1, Filters: new Dictionary<string, string> { ["make"] = "Audi" }, MinScore: minScore),
            maxPages: 10);

        AssertRanked(audis, query, hits, 2);
    }

    [SkippableTheory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task ANonFiniteMinScoreIsRefused(double minScore)
    {
        var index = await NewIndexAsync();
        await UpsertAllAsync(index, Corpus(3));

        await Assert.ThrowsAsync<ArgumentException>(
            () => index.SearchAsync(new VectorQuery(Vectors(salt: 25).NextUnit(), Top: 2, MinScore: minScore)));
    }
}
