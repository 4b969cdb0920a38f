using CarSearch.Core.Index;

namespace CarSearch.Index.Contract;

/// <summary>
/// The behaviour every <see cref="IVectorIndex"/> must have. An implementation's test project subclasses this and
/// says how to make a fresh, empty, initialised index of <see cref="Dimensions"/> dimensions; a subclass that needs
/// an external service calls <c>Skip.If</c> in <see cref="CreateIndexAsync"/> when it is not configured.
/// Only what a small Cosmos DB fake can honestly serve is asked for: equality filters, TOP, ORDER BY VectorDistance,
/// COUNT and SELECT c.id.
/// </summary>
public abstract partial class VectorIndexContractTests : IAsyncLifetime
{
    /// <summary>How far a returned score may be from the float64 cosine: float32 arithmetic over 512 terms.</summary>
    protected const double ScoreTolerance = 1e-5;

    /// <summary>Every test's vectors come from seeds, so a failure reproduces.</summary>
    private const int Seed = 20250601;

    private readonly List<IVectorIndex> _created = [];

    /// <summary>The embedding dimension the created index expects; CLIP ViT-B/32's by default.</summary>
    protected virtual int Dimensions => new IndexOptions().Dimensions;

    /// <summary>A fresh, empty, initialised index of <see cref="Dimensions"/> dimensions.</summary>
    protected abstract Task<IVectorIndex> CreateIndexAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes every index the test created, so files and connections are released.</summary>
    public virtual async Task DisposeAsync()
    {
        foreach (var index in _created)
        {
            switch (index)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private async Task<IVectorIndex> NewIndexAsync()
    {
        var index = await CreateIndexAsync();
        _created.Add(index);
        return index;
    }

    private TestVectors Vectors(int salt = 0) => new(Dimensions, Seed + salt);

    /// <summary>Documents named like blob paths (a '/' makes their ids slugs), with random unit embeddings.</summary>
    private List<ImageDocument> Corpus(
        int count, int salt = 0, Func<int, IReadOnlyDictionary<string, string>>? metadata = null)
    {
        var vectors = Vectors(salt);
        return Enumerable.Range(0, count)
            .Select(i => ContractDocuments.Create($"cars/car {i:D3}.jpg", vectors.NextUnit(), metadata?.Invoke(i)))
            .ToList();
    }

    private static async Task UpsertAllAsync(IVectorIndex index, IEnumerable<ImageDocument> documents)
    {
        foreach (var document in documents)
        {
            await index.UpsertAsync(document);
        }
    }

    /// <summary>Follows the tokens to the last page; <paramref name="betweenPages"/> runs after every page but the last.</summary>
    private static async Task<List<SearchHit>> ReadAllPagesAsync(
        IVectorIndex index, VectorQuery query, int maxPages, Func<SearchPage, int, Task>? betweenPages = null)
    {
        var hits = new List<SearchHit>();
        var current = query;
        for (var page = 0; page < maxPages; page++)
        {
            var result = await index.SearchAsync(current);
            hits.AddRange(result.Hits);
            if (result.ContinuationToken is null)
            {
                return hits;
            }

            if (betweenPages is not null)
            {
                await betweenPages(result, page);
            }

            current = current with { ContinuationToken = result.ContinuationToken };
        }

        throw new Xunit.Sdk.XunitException($"Paging did not end within {maxPages} pages.");
    }

    /// <summary>
    /// The hits must be the best <paramref name="expectedCount"/> candidates, best first, each with its float64
    /// cosine as score. Ranks are compared by score so two candidates tied within float32 noise may swap.
    /// </summary>
    private static void AssertRanked(
        IReadOnlyList<ImageDocument> candidates, float[] query, IReadOnlyList<SearchHit> hits, int expectedCount)
    {
        var expectedScores = candidates
            .Select(d => TestVectors.Cosine(query, d.Embedding))
            .OrderDescending()
            .Take(expectedCount)
            .ToList();
        var byId = candidates.ToDictionary(d => d.Id);

        Assert.Equal(expectedScores.Count, hits.Count);
        Assert.Distinct(hits.Select(h => h.Id));
        for (var i = 0; i < hits.Count; i++)
        {
            Assert.True(byId.TryGetValue(hits[i].Id, out var document), $"Hit {i} ({hits[i].Id}) is not a candidate.");
            var reference = TestVectors.Cosine(query, document.Embedding);
            Assert.InRange(hits[i].Score, reference - ScoreTolerance, reference + ScoreTolerance);
            Assert.InRange(reference, expectedScores[i] - ScoreTolerance, expectedScores[i] + ScoreTolerance);
            Assert.Equal(document.Name, hits[i].Name);
            AssertSameMetadata(document.Metadata, hits[i].Metadata);
        }
    }

    private static void AssertSameMetadata(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        Assert.Equal(
            expected.OrderBy(p => p.Key, StringComparer.Ordinal),
            actual.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
