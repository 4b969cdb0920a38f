using System.Globalization;
using System.Numerics.Tensors;
using CarSearch.Core.Facets;
using CarSearch.Core.Index;
using CarSearch.Ingest.Tests.Infrastructure;
using CarSearch.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>
/// Facets from the images themselves: what the ingest stores under auto.*, checked against the winners computed here
/// from the prompts' text embeddings and the stored image embedding; that they filter; that a re-index recomputes them
/// when the label sets change, without running the image model.
/// </summary>
[Collection(WithAzuriteAndModel.Name)]
public sealed class FacetIngestTests(IngestEnvironment environment) : IngestTestBase(environment)
{
    [Fact]
    public async Task EveryImageIsStoredWithTheWinningLabelAndMarginOfEachSet()
    {
        var host = await StartHostAsync();
        foreach (var image in KitCatalog.Images)
        {
            await host.UploadAsync(image);
            await host.Ingest.IngestStoredAsync(image.File);
        }

        var version = host.Services.GetRequiredService<FacetClassifier>().Version;
        foreach (var document in await host.DocumentsAsync())
        {
            Assert.Equal(version, document.FacetVersion);
            AssertFacetsOf(document, new FacetOptions());
        }
    }

    [Fact]
    public async Task StoredFacetsFilterSearchesLikeAnyMetadata()
    {
        var host = await StartHostAsync();
        foreach (var image in KitCatalog.Images)
        {
            await host.UploadAsync(image);
            await host.Ingest.IngestStoredAsync(image.File);
        }

        var documents = await host.DocumentsAsync();
        var query = Environment.Embedder.EmbedTexts(["a car"])[0];
        foreach (var set in FacetSet.All)
        {
            foreach (var label in documents.Select(d => d.Metadata[set.LabelKey]).Distinct(StringComparer.Ordinal))
            {
                var page = await host.Index.SearchAsync(new VectorQuery(query, Top: 100, Filters: new Dictionary<string, string> { [set.LabelKey] = label }));

                Assert.Equal(
                    documents.Where(d => d.Metadata[set.LabelKey] == label).Select(d => d.Name).Order(StringComparer.Ordinal),
                    page.Hits.Select(hit => hit.Name).Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public async Task AReindexAfterTheLabelsChangeRecomputesTheFacetsFromTheStoredEmbeddings()
    {
        var images = KitCatalog.Images.Take(4).ToList();
        var before = await StartHostAsync();
        foreach (var image in images)
        {
            await before.UploadAsync(image);
            await before.Ingest.IngestStoredAsync(image.File);
        }

        var oldVersion = before.Services.GetRequiredService<FacetClassifier>().Version;
        await StopHostAsync(before);
        var changed = new FacetOptions { View = new() { Prompt = "a picture of a car's {label}", Labels = "front, back" } };
        var host = await StartHostAsync(settings: new Dictionary<string, string?>
        {
            ["CarSearch:Facets:View:Prompt"] = changed.View.Prompt,
            ["CarSearch:Facets:View:Labels"] = changed.View.Labels,
        });

        var started = await host.Reindex.StartAsync(force: false);
        await host.DrainReindexQueueAsync();
        var repeat = await host.Reindex.StartAsync(force: false);

        Assert.Equal((long)images.Count, started.Total);
        Assert.Equal(0L, repeat.Total);
        Assert.Equal((0, 0), (host.Embedder.Decodes, host.Embedder.ImagesEmbedded));
        var newVersion = host.Services.GetRequiredService<FacetClassifier>().Version;
        Assert.NotEqual(oldVersion, newVersion);
        foreach (var document in await host.DocumentsAsync())
        {
            Assert.Equal(newVersion, document.FacetVersion);
            Assert.True(document.Metadata["auto.view"] is "front" or "back", document.Metadata["auto.view"]);
            AssertFacetsOf(document, changed);
        }
    }

    /// <summary>Each set's winner and margin as computed here: prompts through the text pipeline, cosine to the stored embedding.</summary>
    private void AssertFacetsOf(ImageDocument document, FacetOptions options)
    {
        foreach (var set in FacetSet.All)
        {
            var settings = set.Settings(options);
            var labels = settings.Labels.Split(',').Select(label => label.Trim()).ToList();
            var prompts = Environment.Embedder.EmbedTexts([.. labels.Select(label => settings.Prompt.Replace("{label}", label, StringComparison.Ordinal))]);
            var ranked = labels
                .Select((label, i) => (Label: label, Cosine: TensorPrimitives.CosineSimilarity(document.Embedding, prompts[i])))
                .OrderByDescending(entry => entry.Cosine)
                .ToList();

            Assert.Equal(ranked[0].Label, document.Metadata[set.LabelKey]);
            var margin = double.Parse(document.Metadata[set.MarginKey], CultureInfo.InvariantCulture);
            Assert.Equal(ranked[0].Cosine - ranked[1].Cosine, margin, 0.00006);
        }
    }
}
