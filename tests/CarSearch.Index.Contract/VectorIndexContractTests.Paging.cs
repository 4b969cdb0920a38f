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
            source.Embedding, Top: 4, Filters: new Dictionary<string, string> { ["colour"] = "red" }, ExcludeIds: [source.Id]);

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

    /// <summary>
    /// What a page sequence guarantees while documents are added between pages: no id twice, pages in one order
    /// (score descending, then id ascending), every document present for the whole sequence exactly once, and a
    /// document added during it exactly once when it ranks after the last result returned before it arrived, never
    /// when it ranks before.
    /// </summary>
    [SkippableFact]
    public async Task PagesTakenWhileDocumentsAreAddedNeverRepeatAnIdAndMissNoOriginal()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(30);
        await UpsertAllAsync(index, corpus);
        var vectors = Vectors(salt: 22);
        var query = new VectorQuery(vectors.NextUnit(), Top: 5);
        var below = query.Vector.Select(v => -v).ToArray();
        var embeddings = corpus.ToDictionary(d => d.Id, d => d.Embedding);
        var mustAppear = corpus.Select(d => d.Id).ToHashSet();
        var mustNotAppear = new HashSet<string>();

        var hits = await ReadAllPagesAsync(index, query, maxPages: 30, async (page, number) =>
        {
            var best = page.Hits[0];
            var key = page.Hits[^1];
            var added = new List<(ImageDocument Document, bool AfterKey)>
            {
                // Above every key: nearly the query itself.
                (ContractDocuments.Create($"added/above {number}.jpg", vectors.NextNear(query.Vector, 0.01)), false),
            };

            // Exact copies of returned vectors, under ids sorting after and before the key's: they score exactly
            // alike, so only the id decides which side of the key a copy of the key falls on.
            foreach (var (source, name) in new[] { (best, $"added/copy {number} of best.jpg"), (key, $"{key.Name} copy {number}"), (key, $"a/copy {number} of key.jpg") })
            {
                var copy = ContractDocuments.Create(name, embeddings[source.Id]);
                var afterKey = source.Score < key.Score || (source.Score == key.Score && string.CompareOrdinal(copy.Id, key.Id) > 0);
                added.Add((copy, afterKey));
            }

            // Below every key, as long as the key is not one of these.
            if (TestVectors.Cosine(embeddings[key.Id], below) < 0.5)
            {
                added.Add((ContractDocuments.Create($"added/below {number}.jpg", below), true));
            }

            foreach (var (document, afterKey) in added)
            {
                await index.UpsertAsync(document);
                embeddings[document.Id] = document.Embedding;
                (afterKey ? mustAppear : mustNotAppear).Add(document.Id);
            }
        });

        AssertOnePageSequence(hits, query.Vector, embeddings);
        Assert.All(mustAppear, id => Assert.Contains(id, hits.Select(h => h.Id)));
        Assert.All(mustNotAppear, id => Assert.DoesNotContain(id, hits.Select(h => h.Id)));
        Assert.Equal(mustAppear.Count, hits.Count);
    }

    /// <summary>
    /// While documents are removed between pages: no id twice, and every document not removed before it was
    /// returned appears exactly once: a removal leaves no gap.
    /// </summary>
    [SkippableFact]
    public async Task PagesTakenWhileDocumentsAreDeletedNeverRepeatAnIdNorSkipOne()
    {
        var index = await NewIndexAsync();
        var corpus = Corpus(30);
        await UpsertAllAsync(index, corpus);
        var query = new VectorQuery(Vectors(salt: 23).NextUnit(), Top: 5);
        var returned = new HashSet<string>();
        var removedUnseen = new HashSet<string>();

        var hits = await ReadAllPagesAsync(index, query, maxPages: 10, async (page, _) =>
        {
            returned.UnionWith(page.Hits.Select(h => h.Id));
            // One already returned, which moves every later result up a place, and one not returned yet.
            Assert.True(await index.DeleteAsync(page.Hits[0].Id));
            var unseen = corpus.Select(d => d.Id).FirstOrDefault(id => !returned.Contains(id) && !removedUnseen.Contains(id));
            if (unseen is not null)
            {
                Assert.True(await index.DeleteAsync(unseen));
                removedUnseen.Add(unseen);
            }
        });

        AssertOnePageSequence(hits, query.Vector, corpus.ToDictionary(d => d.Id, d => d.Embedding));
        Assert.Equal(
            corpus.Select(d => d.Id).Where(id => !removedUnseen.Contains(id)).Order(StringComparer.Ordinal),
            hits.Select(h => h.Id).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task ATieGroupLargerThanAPageComesOnceEachInIdOrder()
    {
        var index = await NewIndexAsync();
        var vectors = Vectors(salt: 24);
        var query = new VectorQuery(vectors.NextUnit(), Top: 5);
        var shared = vectors.NextNear(query.Vector, 0.05);
        var copies = Enumerable.Range(0, 13).Select(i => ContractDocuments.Create($"dupes/same car {i:D2}.jpg", shared)).ToList();
        var above = Enumerable.Range(0, 3).Select(i => ContractDocuments.Create($"near/car {i}.jpg", vectors.NextNear(query.Vector, 0.001))).ToList();
        var others = Corpus(10, salt: 25);
        // Stored in descending id order, so neither the order of arrival nor of storage is the id order.
        await UpsertAllAsync(index, copies.OrderByDescending(d => d.Id, StringComparer.Ordinal).Concat(above).Concat(others));

        var hits = await ReadAllPagesAsync(index, query, maxPages: 10);

        var all = copies.Concat(above).Concat(others).ToList();
        AssertOnePageSequence(hits, query.Vector, all.ToDictionary(d => d.Id, d => d.Embedding));
        Assert.Equal(all.Count, hits.Count);
        // After the three nearer ones, across three page boundaries.
        Assert.Equal(copies.Select(d => d.Id).Order(StringComparer.Ordinal), hits.Skip(above.Count).Take(copies.Count).Select(h => h.Id));
        Assert.Single(hits.Skip(above.Count).Take(copies.Count).Select(h => h.Score).Distinct());
    }

    [SkippableFact]
    public async Task ATokenOfTheOffsetPagingVersionIsRejectedLikeAMalformedOne()
    {
        var index = await NewIndexAsync();
        await UpsertAllAsync(index, Corpus(12));
        // A vector whose float bits every platform computes alike (no transcendental functions), so the token below,
        // which the offset-paging version issued after the first page of five of this very query, matches it.
        var unit = (float)(1 / Math.Sqrt(Dimensions));
        var query = new VectorQuery(Enumerable.Range(0, Dimensions).Select(i => i % 3 == 0 ? -unit : unit).ToArray(), Top: 5);
        const string offsetToken = "AQUAAAAMjHsb5Tf9yQ";

        var old = await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(query with { ContinuationToken = offsetToken }));
        var malformed = await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(query with { ContinuationToken = "AAAA" }));

        Assert.Equal(malformed.Message, old.Message);
    }

    /// <summary>
    /// The hits of a page sequence: no id twice, each in (score descending, id ascending) order after the one before
    /// it, each with its float64 cosine as score.
    /// </summary>
    private static void AssertOnePageSequence(List<SearchHit> hits, float[] query, Dictionary<string, float[]> embeddings)
    {
        Assert.Distinct(hits.Select(h => h.Id));
        for (var i = 0; i < hits.Count; i++)
        {
            var reference = TestVectors.Cosine(query, embeddings[hits[i].Id]);
            Assert.InRange(hits[i].Score, reference - ScoreTolerance, reference + ScoreTolerance);
            if (i > 0)
            {
                Assert.True(
                    hits[i - 1].Score > hits[i].Score || (hits[i - 1].Score == hits[i].Score && string.CompareOrdinal(hits[i - 1].Id, hits[i].Id) < 0),
                    $"Hit {i} ({hits[i].Id}, {hits[i].Score}) does not follow hit {i - 1} ({hits[i - 1].Id}, {hits[i - 1].Score}).");
            }
        }
    }
}
