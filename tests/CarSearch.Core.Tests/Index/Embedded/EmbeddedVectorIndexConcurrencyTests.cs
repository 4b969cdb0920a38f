using System.Globalization;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>
/// Readers searching and reading while writers replace and delete. Every document's embedding is a function of
/// its slot and version (kept in its metadata), so a reader can prove that what it saw was one whole document:
/// the hit's score must be the cosine of that version's embedding, a read's embedding must be that version's.
/// </summary>
public sealed class EmbeddedVectorIndexConcurrencyTests : IDisposable
{
    private const int Slots = 400;
    private const int Writers = 2;
    private const int Readers = 3;
    private const int OperationsPerTask = 300;
    private const int Dimensions = 512;

    private readonly IndexDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ReadersAlwaysSeeWholeDocumentsWhileWritersChangeThem()
    {
        await using var index = await _directory.OpenAsync();
        await Task.WhenAll(Enumerable.Range(0, Slots).Select(slot => index.UpsertAsync(Version(slot, 0))));

        // Each writer owns the slots of its residue, so versions only grow and no two writers race on one slot.
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            var versions = new int[Slots];
            for (var i = 0; i < OperationsPerTask; i++)
            {
                var slot = (random.Next(Slots / Writers) * Writers) + writer;
                if (random.Next(4) == 0)
                {
                    await index.DeleteAsync(IdOf(slot));
                }
                else
                {
                    await index.UpsertAsync(Version(slot, ++versions[slot]));
                }
            }
        }));

        var readers = Enumerable.Range(0, Readers).Select(reader => Task.Run(async () =>
        {
            var random = new Random(100 + reader);
            var queries = new TestVectors(Dimensions, seed: 100 + reader);
            for (var i = 0; i < OperationsPerTask; i++)
            {
                var query = queries.NextUnit();
                var filters = i % 3 == 0 ? new Dictionary<string, string> { ["group"] = $"{i % 5}" } : null;
                var page = await index.SearchAsync(new VectorQuery(query, Top: 20, Filters: filters));
                AssertWhole(page, query, filters);

                var read = await index.GetAsync(IdOf(random.Next(Slots)));
                if (read is not null)
                {
                    Assert.Equal(Embedding(Slot(read.Metadata), VersionOf(read.Metadata)), read.Embedding);
                }

                Assert.InRange(await index.CountAsync(), 0, Slots);
            }
        }));

        await Task.WhenAll([.. writers, .. readers]);

        Assert.Equal(await index.CountAsync(), (await index.ListAsync().ToListAsync()).Count);
    }

    /// <summary>
    /// Searches that arrive together share one scan of the index (<see cref="EmbeddedVectorIndex.MaxSearchesPerScan"/>):
    /// each must still get exactly the page it gets alone, whatever its filters, exclusions, cut-off and page.
    /// </summary>
    [Fact]
    public async Task SearchesArrivingTogetherGetExactlyThePagesEachGetsAlone()
    {
        // Above the two-pass threshold, so the shared scan is the int8 one.
        const int documents = 4_500;
        await using var index = await _directory.OpenAsync();
        await Task.WhenAll(Enumerable.Range(0, documents).Select(slot => index.UpsertAsync(Version(slot, 0))));
        var vectors = new TestVectors(Dimensions, seed: 7);
        var firstPages = new Dictionary<int, SearchPage>();
        var queries = new List<VectorQuery>();
        for (var i = 0; i < 3 * EmbeddedVectorIndex.MaxSearchesPerScan; i++)
        {
            var vector = i % 7 == 6 ? queries[i - 1].Vector : vectors.NextUnit();
            var query = (i % 5) switch
            {
                0 => new VectorQuery(vector, Top: 10, Filters: new Dictionary<string, string> { ["group"] = $"{i % 5}" }),
                1 => new VectorQuery(vector, Top: 5, ExcludeIds: [IdOf(i), IdOf(i + 1)]),
                2 => new VectorQuery(vector, Top: 3, MinScore: 0.05),
                _ => new VectorQuery(vector, Top: 1 + (i % 20)),
            };
            if (i % 4 == 3)
            {
                // A second page: its token is the first page's.
                var first = await index.SearchAsync(query);
                Assert.NotNull(first.ContinuationToken);
                query = query with { ContinuationToken = first.ContinuationToken };
            }

            queries.Add(query);
        }

        var alone = new List<SearchPage>();
        foreach (var query in queries)
        {
            alone.Add(await index.SearchAsync(query));
        }

        var together = await Task.WhenAll(queries.Select(query => Task.Run(() => index.SearchAsync(query))));

        for (var i = 0; i < queries.Count; i++)
        {
            Assert.Equal(
                alone[i].Hits.Select(hit => (hit.Id, hit.Score)),
                together[i].Hits.Select(hit => (hit.Id, hit.Score)));
            Assert.Equal(alone[i].ContinuationToken, together[i].ContinuationToken);
            Assert.NotEmpty(together[i].Hits);
        }
    }

    private static void AssertWhole(SearchPage page, float[] query, Dictionary<string, string>? filters)
    {
        Assert.Equal(page.Hits.Count, page.Hits.Select(h => h.Id).Distinct().Count());
        for (var i = 0; i < page.Hits.Count; i++)
        {
            var hit = page.Hits[i];
            Assert.Equal(IdOf(Slot(hit.Metadata)), hit.Id);
            var cosine = TestVectors.Cosine(query, Embedding(Slot(hit.Metadata), VersionOf(hit.Metadata)));
            Assert.InRange(hit.Score, cosine - 1e-5, cosine + 1e-5);
            Assert.True(i == 0 || page.Hits[i - 1].Score >= hit.Score, "Hits are not best first.");
            if (filters is not null)
            {
                Assert.Equal(filters["group"], hit.Metadata["group"]);
            }
        }
    }

    private static ImageDocument Version(int slot, int version) => ContractDocuments.Create(
        $"concurrent/{slot}.jpg",
        Embedding(slot, version),
        new Dictionary<string, string>
        {
            ["slot"] = slot.ToString(CultureInfo.InvariantCulture),
            ["version"] = version.ToString(CultureInfo.InvariantCulture),
            ["group"] = (slot % 5).ToString(CultureInfo.InvariantCulture),
        });

    private static float[] Embedding(int slot, int version) => new TestVectors(Dimensions, seed: (slot * 10_000) + version).NextUnit();

    private static string IdOf(int slot) => DocumentId.FromName($"concurrent/{slot}.jpg");

    private static int Slot(IReadOnlyDictionary<string, string> metadata) => int.Parse(metadata["slot"], CultureInfo.InvariantCulture);

    private static int VersionOf(IReadOnlyDictionary<string, string> metadata) => int.Parse(metadata["version"], CultureInfo.InvariantCulture);
}
