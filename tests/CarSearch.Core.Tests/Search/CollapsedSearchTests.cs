using CarSearch.Core.Duplicates;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Core.Search;
using CarSearch.Core.Tests.Index.Embedded;
using CarSearch.Index.Contract;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Tests.Search;

/// <summary>
/// collapse=true over the embedded index: one result per near-duplicate group, the group's best-scoring admitted
/// member, in its place in the ranking, on every page of a sequence.
/// </summary>
public sealed class CollapsedSearchTests : IAsyncLifetime, IDisposable
{
    private const int Groups = 14;

    private readonly IndexDirectory _directory = new();
    private readonly TestVectors _vectors = new(512, seed: 4242);
    private readonly List<ImageDocument> _documents = [];
    private EmbeddedVectorIndex? _index;

    private EmbeddedVectorIndex Index => _index!;

    public async Task InitializeAsync()
    {
        _index = await _directory.OpenAsync();

        // Groups of 1 to 4 near-copies of one direction; the representative is not always the member nearest a query.
        for (var g = 0; g < Groups; g++)
        {
            var centre = _vectors.NextUnit();
            var size = 1 + (g % 4);
            string? representative = null;
            for (var m = 0; m < size; m++)
            {
                var document = ContractDocuments.Create(
                    $"group{g:D2}/copy{m}.jpg",
                    _vectors.NextNear(centre, 0.004),
                    new Dictionary<string, string> { ["copy"] = $"{m}" }) with { DuplicateOf = representative };
                representative ??= document.Id;
                _documents.Add(document);
                await Index.UpsertAsync(document);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_index is not null)
        {
            await _index.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    public async Task EveryPageSequenceShowsEachGroupOnceByItsBestMember(int top)
    {
        var probe = _documents[5];
        using var search = Service();

        var shown = await ReadAllAsync(search, probe.Id, new SearchParameters(top, Collapse: true));

        Assert.Equal(Expected(probe, filters: null), shown.Select(hit => hit.Id));
    }

    [Fact]
    public async Task AFilteredOutBestMemberLetsTheNextBestRepresentTheGroup()
    {
        var probe = _documents[0];
        var filters = new Dictionary<string, string> { ["COPY"] = "1" };
        using var search = Service();

        var shown = await ReadAllAsync(search, probe.Id, new SearchParameters(4, filters, Collapse: true));

        Assert.Equal(Expected(probe, filters), shown.Select(hit => hit.Id));
        Assert.All(shown, hit => Assert.Equal("1", hit.Metadata["copy"]));
    }

    [Fact]
    public async Task WithoutCollapseEveryMemberIsShownAndCarriesItsGroup()
    {
        var probe = _documents[5];
        using var search = Service();

        var shown = await ReadAllAsync(search, probe.Id, new SearchParameters(7));

        Assert.Equal(_documents.Count - 1, shown.Count);
        Assert.All(shown, hit => Assert.Equal(_documents.Single(d => d.Id == hit.Id).DuplicateOf, hit.DuplicateOf));
    }

    [Fact]
    public async Task APageHoldsTopResultsWhileMoreGroupsRemain()
    {
        using var search = Service();

        var page = await search.FindSimilarAsync(_documents[^1].Id, new SearchParameters(5, Collapse: true));

        Assert.Equal(5, page.Hits.Count);
        Assert.NotNull(page.ContinuationToken);
        Assert.Distinct(page.Hits.Select(DuplicateRule.GroupOf));
    }

    /// <summary>Per group, its best member the query admits (not the probe, passing the filters), best group first.</summary>
    private List<string> Expected(ImageDocument probe, IReadOnlyDictionary<string, string>? filters) =>
    [
        .. _documents
            .Where(d => d.Id != probe.Id && DuplicateRule.Matches(d.Metadata, filters))
            .Select(d => (d.Id, Group: DuplicateRule.GroupOf(d), Score: TestVectors.Cosine(probe.Embedding, d.Embedding)))
            .GroupBy(d => d.Group)
            .Select(group => group.OrderByDescending(d => d.Score).ThenBy(d => d.Id, StringComparer.Ordinal).First())
            .OrderByDescending(d => d.Score)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => d.Id),
    ];

    private static async Task<List<SearchHit>> ReadAllAsync(SearchService search, string id, SearchParameters parameters)
    {
        var hits = new List<SearchHit>();
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await search.FindSimilarAsync(id, parameters);
            Assert.True(page.Hits.Count == parameters.Top || page.ContinuationToken is null, "A page short of top before the end.");
            hits.AddRange(page.Hits);
            if (page.ContinuationToken is null)
            {
                return hits;
            }

            parameters = parameters with { ContinuationToken = page.ContinuationToken };
        }

        throw new Xunit.Sdk.XunitException("Paging did not end.");
    }

    private SearchService Service() => new(new NoModel(), Index, Options.Create(new SearchOptions()));

    /// <summary>"More like this one" needs no model: the stored embedding is the query.</summary>
    private sealed class NoModel : IClipEmbedder
    {
        public string ModelId => "none";

        public int Dimension => 512;

        public float[][] EmbedTexts(IReadOnlyList<string> texts) => throw new NotSupportedException();

        public float[][] EmbedImages(IReadOnlyList<ReadOnlyMemory<byte>> images) => throw new NotSupportedException();
    }
}
