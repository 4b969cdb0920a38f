using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CarSearch.Api.Model;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Facets;
using CarSearch.Core.Index;
using CarSearch.Tests;
using Microsoft.Extensions.Options;

namespace CarSearch.Api.Tests;

/// <summary>
/// Every search answers with facet counts of the page it returns, and filters on the ingest's auto.* fields like on
/// any metadata, in the query string and in a composed query's filters.
/// </summary>
public sealed class FacetTests(FacetTests.FacetedKit kit) : IClassFixture<FacetTests.FacetedKit>
{
    private readonly HttpClient _client = kit.Host.Client;

    [Fact]
    public async Task ATextSearchCountsEachSetsLabelsOverItsResults()
    {
        var response = await _client.GetAsync("/api/search?q=a%20car&top=100");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var search = await ApiAssert.SearchAsync(response);

        Assert.Equal(["auto.colour", "auto.body", "auto.view"], json.GetProperty("facets").EnumerateObject().Select(p => p.Name));
        Assert.Equal(KitCatalog.Images.Count, search.Results.Count);
        AssertCountsOf(search);
        Assert.Equal(Expected(FacetSet.Colour), search.Facets!["auto.colour"].OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task CountsDescribeTheReturnedPageOnly()
    {
        var search = await _client.GetSearchAsync("/api/search?q=a%20car&top=3");

        Assert.Equal(3, search.Results.Count);
        AssertCountsOf(search);
        Assert.All(search.Facets!.Values, counts => Assert.Equal(3, counts.Values.Sum()));
    }

    [Fact]
    public async Task AnAutoFieldFiltersTheQueryStringLikeAnyMetadata()
    {
        var colour = kit.Documents.Values.GroupBy(d => d.Metadata["auto.colour"]).OrderByDescending(g => g.Count()).First();

        var search = await _client.GetSearchAsync($"/api/search?q=a%20car&top=100&auto.colour={Uri.EscapeDataString(colour.Key)}");

        Assert.Equal(colour.Select(d => d.Name).Order(StringComparer.Ordinal), search.Results.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal([KeyValuePair.Create(colour.Key, colour.Count())], search.Facets!["auto.colour"]);
    }

    [Fact]
    public async Task AnAutoFieldFiltersAComposedQuery()
    {
        var body = kit.Documents.Values.GroupBy(d => d.Metadata["auto.body"]).OrderByDescending(g => g.Count()).First();
        using var content = new StringContent(
            JsonSerializer.Serialize(new { terms = new[] { new { text = "a car" } }, top = 100, filters = new Dictionary<string, string> { ["auto.body"] = body.Key } }),
            Encoding.UTF8,
            "application/json");

        var search = await ApiAssert.SearchAsync(await _client.PostAsync("/api/search", content));

        Assert.Equal(body.Select(d => d.Name).Order(StringComparer.Ordinal), search.Results.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal([KeyValuePair.Create(body.Key, body.Count())], search.Facets!["auto.body"]);
        AssertCountsOf(search);
    }

    [Fact]
    public async Task PhotoAndSimilarSearchesCarryFacetsToo()
    {
        var image = KitCatalog.Images[0];
        using var photo = new ByteArrayContent(image.ReadBytes());
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");

        var byPhoto = await ApiAssert.SearchAsync(await _client.PostAsync("/api/search/image?top=5", photo));
        var similar = await _client.GetSearchAsync($"/api/images/{Uri.EscapeDataString(DocumentId.FromName(image.File))}/similar?top=100");

        AssertCountsOf(byPhoto);
        AssertCountsOf(similar);
        Assert.Equal(KitCatalog.Images.Count - 1, similar.Facets!["auto.view"].Values.Sum());
    }

    /// <summary>The counts are exactly the labels of the results returned, per set, and every set is there.</summary>
    private static void AssertCountsOf(SearchResponse search)
    {
        Assert.NotNull(search.Facets);
        Assert.Equal(FacetSet.All.Select(set => set.LabelKey), search.Facets.Keys);
        foreach (var set in FacetSet.All)
        {
            var expected = search.Results.GroupBy(r => r.Metadata[set.LabelKey]).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), search.Facets[set.LabelKey].OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    private IEnumerable<KeyValuePair<string, int>> Expected(FacetSet set) =>
        kit.Documents.Values.GroupBy(d => d.Metadata[set.LabelKey]).Select(g => KeyValuePair.Create(g.Key, g.Count())).OrderBy(p => p.Key, StringComparer.Ordinal);

    /// <summary>Every kit image indexed with its facets, as the ingest stores them.</summary>
    public sealed class FacetedKit : IAsyncLifetime
    {
        private ApiTestHost? _host;

        public ApiTestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

        public Dictionary<string, ImageDocument> Documents { get; } = new(StringComparer.Ordinal);

        public async Task InitializeAsync()
        {
            _host = await ApiTestHost.StartAsync();
            var classifier = new FacetClassifier(_host.Embedder, Options.Create(new FacetOptions()));
            foreach (var image in KitCatalog.Images)
            {
                var metadata = new Dictionary<string, string> { ["format"] = image.Format };
                var document = await _host.AddImageAsync(image, metadata);
                var facets = classifier.Classify(document.Embedding);
                document = document with { Metadata = AutoMetadata.Combine(metadata, facets), FacetVersion = facets.Version };
                await _host.Index.UpsertAsync(document);
                Documents[image.File] = document;
            }
        }

        public async Task DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
    }
}
