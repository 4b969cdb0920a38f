using System.Collections.Concurrent;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;
using CarSearch.Core.Search;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Tests.Search;

/// <summary>The search service's own rules, with a stand-in embedder and index so each rule is seen alone.</summary>
public sealed class SearchServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly RecordingIndex _index = new();

    [Fact]
    public async Task ImageSearchesDecodeAtMostTheConfiguredNumberAtOnce()
    {
        const int bound = 2;
        using var embedder = new GatedEmbedder();
        using var service = Service(embedder, new SearchOptions { MaxConcurrentImageSearches = bound });

        var searches = Enumerable.Range(0, 3 * bound)
            .Select(_ => Task.Run(() => service.SearchByImageAsync(new byte[] { 1 }, SearchParameters.Default)))
            .ToList();
        Assert.True(SpinWait.SpinUntil(() => embedder.Inside == bound, Patience), $"{embedder.Inside} searches started");
        embedder.Open();
        await Task.WhenAll(searches);

        Assert.Equal(bound, embedder.MostInside);
        Assert.Equal(3 * bound, _index.Queries.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task ABlankTextIsRefusedWithoutRunningTheModel(string? text)
    {
        using var embedder = new GatedEmbedder();
        using var service = Service(embedder);

        var error = await Assert.ThrowsAsync<InvalidSearchException>(() => service.SearchByTextAsync(text, SearchParameters.Default));

        Assert.Equal(InvalidSearchReason.EmptyText, error.Reason);
        Assert.Equal(0, embedder.TextRuns);
    }

    [Fact]
    public async Task ATextOverTheLimitIsRefusedAndOneAtTheLimitIsSearched()
    {
        using var embedder = new GatedEmbedder();
        using var service = Service(embedder);

        await service.SearchByTextAsync(new string('a', SearchService.MaxTextLength), SearchParameters.Default);
        var error = await Assert.ThrowsAsync<InvalidSearchException>(
            () => service.SearchByTextAsync(new string('a', SearchService.MaxTextLength + 1), SearchParameters.Default));

        Assert.Equal(InvalidSearchReason.TextTooLong, error.Reason);
        Assert.Equal(SearchService.MaxTextLength + 1, error.Actual);
        Assert.Equal(1, embedder.TextRuns);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(VectorQuery.MaxTop + 1)]
    public async Task TopOutsideTheRangeIsRefused(int top)
    {
        using var service = Service(new GatedEmbedder());

        var error = await Assert.ThrowsAsync<InvalidSearchException>(() => service.SearchByTextAsync("car", new SearchParameters(top)));

        Assert.Equal(InvalidSearchReason.TopOutOfRange, error.Reason);
        Assert.Equal(top, error.Actual);
        Assert.Empty(_index.Queries);
    }

    [Fact]
    public async Task ATokenFromAnotherSearchIsTheCallersErrorAndNeverReachesTheIndex()
    {
        using var service = Service(new GatedEmbedder());
        var foreign = SearchContinuation.Create(
            new VectorQuery(GatedEmbedder.VectorOf(7)), new SearchHit("blue-car.jpg", "blue-car.jpg", 0.3, new Dictionary<string, string>()), rank: 10);

        var error = await Assert.ThrowsAsync<InvalidSearchException>(
            () => service.SearchByTextAsync("car", new SearchParameters(ContinuationToken: foreign)));

        Assert.Equal(InvalidSearchReason.ForeignContinuationToken, error.Reason);
        Assert.Empty(_index.Queries);
    }

    [Fact]
    public async Task SimilarSearchesWithTheDocumentsEmbeddingAndLeavesItOut()
    {
        using var service = Service(new GatedEmbedder());
        var document = _index.Add("red-car.jpg", GatedEmbedder.VectorOf(3));
        var filters = new Dictionary<string, string> { ["make"] = "Tesla" };

        await service.FindSimilarAsync(document.Id, new SearchParameters(5, filters));

        var query = Assert.Single(_index.Queries);
        Assert.Equal(document.Embedding, query.Vector);
        Assert.Equal([document.Id], query.ExcludeIds);
        Assert.Equal(5, query.Top);
        Assert.Equal("Tesla", query.Filters!["make"]);
    }

    [Theory]
    [InlineData("never-stored.jpg")]
    [InlineData("not an id")]
    public async Task SimilarToAnUnknownImageIsNotFound(string id)
    {
        using var service = Service(new GatedEmbedder());

        var error = await Assert.ThrowsAsync<ImageNotFoundException>(() => service.FindSimilarAsync(id, SearchParameters.Default));

        Assert.Equal(id, error.Id);
        Assert.Empty(_index.Queries);
    }

    [Fact]
    public async Task AnIdNoNameCouldGiveIsNotLookedUp()
    {
        using var service = Service(new GatedEmbedder());

        Assert.Null(await service.GetAsync("../../etc/passwd"));

        Assert.Equal(0, _index.Lookups);
    }

    [Fact]
    public async Task AComposedQueryLeavesOutItsImagesAndSearchesTheComposedVector()
    {
        using var service = Service(new GatedEmbedder());
        var first = _index.Add("a.jpg", [0, 0, 2, 0]);
        var second = _index.Add("b.jpg", [0, 0, 0, 5]);

        await service.SearchAsync(
            [QueryTerm.ForImage(first.Id, 3), QueryTerm.ForImage(second.Id, -3), QueryTerm.ForImage(first.Id, 1)],
            SearchParameters.Default);

        var query = Assert.Single(_index.Queries);
        Assert.Equal([first.Id, second.Id, first.Id], query.ExcludeIds);
        // 4 * (0,0,1,0) - 3 * (0,0,0,1), normalised: (0, 0, 0.8, -0.6).
        Assert.Equal([0f, 0f, 0.8f, -0.6f], query.Vector, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public async Task TheConfiguredMinScoreAppliesUnlessTheSearchGivesOne()
    {
        using var service = Service(new GatedEmbedder(), new SearchOptions { DefaultMinScore = 0.25 });

        await service.SearchByTextAsync("car", SearchParameters.Default);
        await service.SearchByTextAsync("car", new SearchParameters(MinScore: -0.5));

        Assert.Equal([0.25, -0.5], _index.Queries.Select(q => q.MinScore));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SearchService.MaxTerms + 1)]
    public async Task AComposedQueryNeedsOneToEightTerms(int count)
    {
        using var embedder = new GatedEmbedder();
        using var service = Service(embedder);

        var error = await Assert.ThrowsAsync<InvalidSearchException>(() => service.SearchAsync(
            [.. Enumerable.Range(0, count).Select(i => QueryTerm.ForText($"car {i}"))], SearchParameters.Default));

        Assert.Equal(count == 0 ? InvalidSearchReason.NoTerms : InvalidSearchReason.TooManyTerms, error.Reason);
        Assert.Equal(0, embedder.TextRuns);
    }

    [Fact]
    public async Task ATermsBrokenRuleNamesTheTerm()
    {
        using var service = Service(new GatedEmbedder());

        var empty = await Assert.ThrowsAsync<InvalidSearchException>(() => service.SearchAsync(
            [QueryTerm.ForText("car"), QueryTerm.ForText(" ")], SearchParameters.Default));
        var weight = await Assert.ThrowsAsync<InvalidSearchException>(() => service.SearchAsync(
            [QueryTerm.ForText("car"), QueryTerm.ForText("van"), QueryTerm.ForText("bus", float.NaN)], SearchParameters.Default));
        var zero = await Assert.ThrowsAsync<InvalidSearchException>(() => service.SearchAsync(
            [QueryTerm.ForText("car", 0), QueryTerm.ForText("van", 0)], SearchParameters.Default));

        Assert.Equal((InvalidSearchReason.EmptyText, 1), (empty.Reason, empty.TermIndex));
        Assert.Equal((InvalidSearchReason.InvalidWeight, 2), (weight.Reason, weight.TermIndex));
        Assert.Equal((InvalidSearchReason.AllWeightsZero, (int?)null), (zero.Reason, zero.TermIndex));
        Assert.Empty(_index.Queries);
    }

    private SearchService Service(IClipEmbedder embedder, SearchOptions? options = null) =>
        new(embedder, _index, Options.Create(options ?? new SearchOptions()));

    /// <summary>An embedder whose image runs wait at a gate, counting how many are inside at once.</summary>
    private sealed class GatedEmbedder : IClipEmbedder, IDisposable
    {
        private readonly ManualResetEventSlim _gate = new(initialState: false);
        private int _inside;
        private int _mostInside;
        private int _textRuns;

        public string ModelId => "stand-in";

        public int Dimension => 4;

        public int Inside => Volatile.Read(ref _inside);

        public int MostInside => Volatile.Read(ref _mostInside);

        public int TextRuns => Volatile.Read(ref _textRuns);

        public static float[] VectorOf(int seed) => [seed, 1, 0, 0];

        public void Open() => _gate.Set();

        public float[][] EmbedTexts(IReadOnlyList<string> texts)
        {
            Interlocked.Increment(ref _textRuns);
            return [.. texts.Select(_ => VectorOf(1))];
        }

        public float[][] EmbedImages(IReadOnlyList<ReadOnlyMemory<byte>> images)
        {
            var inside = Interlocked.Increment(ref _inside);
            InterlockedMax(ref _mostInside, inside);
            _gate.Wait(Patience);
            Interlocked.Decrement(ref _inside);
            return [.. images.Select(_ => VectorOf(2))];
        }

        public void Dispose() => _gate.Dispose();

        private static void InterlockedMax(ref int target, int value)
        {
            for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
            {
                if (Interlocked.CompareExchange(ref target, value, current) == current)
                {
                    return;
                }
            }
        }
    }

    /// <summary>An index that records the queries it is asked and answers empty pages.</summary>
    private sealed class RecordingIndex : IVectorIndex
    {
        private readonly ConcurrentDictionary<string, ImageDocument> _documents = new();
        private int _lookups;

        public ConcurrentQueue<VectorQuery> Queries { get; } = new();

        public int Lookups => Volatile.Read(ref _lookups);

        public string Kind => "recording";

        public ImageDocument Add(string name, float[] embedding)
        {
            var document = new ImageDocument { Id = DocumentId.FromName(name), Name = name, ContentHash = "", ModelId = "stand-in", Embedding = embedding };
            _documents[document.Id] = document;
            return document;
        }

        public Task<SearchPage> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
        {
            Queries.Enqueue(query);
            return Task.FromResult(new SearchPage([], null));
        }

        public Task<ImageDocument?> GetAsync(string id, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _lookups);
            return Task.FromResult(_documents.GetValueOrDefault(id));
        }

        public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task UpsertAsync(ImageDocument document, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult((long)_documents.Count);

        public IAsyncEnumerable<IndexEntry> ListAsync(CancellationToken cancellationToken = default) =>
            _documents.Values.Select(d => new IndexEntry(d.Id, d.Name, d.SourceVersion, d.ModelId)).ToAsyncEnumerable();

        public Task<IReadOnlyList<ImageDocument>> ListDuplicatesAsync(
            IReadOnlyCollection<string> representativeIds, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ImageDocument>>([]);
    }
}
