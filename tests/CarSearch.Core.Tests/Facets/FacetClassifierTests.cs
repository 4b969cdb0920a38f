using System.Numerics.Tensors;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Facets;
using CarSearch.Core.Tests.Embeddings;
using CarSearch.Tests;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Tests.Facets;

/// <summary>
/// The zero-shot classifier: the winner is the label whose prompt embedding (the ordinary text pipeline, unit length)
/// has the largest cosine to the image embedding, with the margin over the runner-up, checked against an independent
/// computation with the kit's model and against the kit's own goldens.
/// </summary>
public sealed class FacetClassifierTests(ClipEmbedderTests.KitEmbedder kit) : IClassFixture<ClipEmbedderTests.KitEmbedder>
{
    private readonly ClipEmbedder _embedder = kit.Embedder;

    [Fact]
    public void TheWinnerOfEachSetIsThePromptWithTheLargestCosineAndTheMarginIsItsLeadOverTheRunnerUp()
    {
        var options = new FacetOptions();
        var classifier = new FacetClassifier(_embedder, Options.Create(options));

        foreach (var image in KitImages.All)
        {
            var embedding = _embedder.EmbedImages([image.ReadBytes()])[0];

            var facets = classifier.Classify(embedding);

            Assert.Equal(FacetSet.All, facets.Labels.Select(label => label.Set));
            foreach (var facet in facets.Labels)
            {
                var (winner, margin) = ExpectedWinner(facet.Set.Settings(options), embedding);
                Assert.Equal(winner, facet.Label);
                Assert.Equal(margin, facet.Margin, 1e-6);
                Assert.True(facet.Margin >= 0, $"{image.File} {facet.Set.Name}: margin {facet.Margin}");
            }
        }
    }

    [Fact]
    public void WithPromptsTheKitRecordsTheWinnersAreTheGoldensOwn()
    {
        // The kit holds text goldens for its own 42 texts only, so each set's prompt is "{label}" and its labels are
        // kit texts: the winners must be those the kit's image and text goldens give, computed here from them alone.
        var options = new FacetOptions
        {
            Colour = new() { Prompt = "{label}", Labels = "a red car, a white pickup truck, black bmw 3 series, silver toyota camry 2018, green volkswagen beetle, gray sedan at night, orange sports car at sunset, a yellow taxi in new york" },
            Body = new() { Prompt = "{label}", Labels = "a photo of a cat, a diagram of stripes, blue sky over a field, a car parked on the street, red tesla" },
            View = new() { Prompt = "{label}", Labels = "a photo of a blue ford fusion, it's a car, café, 100% electric" },
        };
        var classifier = new FacetClassifier(_embedder, Options.Create(options));
        var goldenTexts = ReferenceGoldens.Texts.DistinctBy(text => text.Text).ToDictionary(text => text.Text, text => text.Normalized);
        var decided = 0;

        foreach (var image in ReferenceGoldens.Images)
        {
            var facets = classifier.Classify(image.Normalized);

            foreach (var facet in facets.Labels)
            {
                var ranked = facet.Set.Settings(options).LabelList()
                    .Select(label => (Label: label, Cosine: TensorPrimitives.Dot(image.Normalized, goldenTexts[label])))
                    .OrderByDescending(entry => entry.Cosine)
                    .ToList();
                var goldenMargin = ranked[0].Cosine - ranked[1].Cosine;
                Assert.Equal(goldenMargin, facet.Margin, 5e-4);

                // Our text embeddings match the goldens to a cosine of 0.99999, so only a near tie could flip.
                if (goldenMargin > 1e-3)
                {
                    Assert.True(ranked[0].Label == facet.Label, $"{image.File} {facet.Set.Name}: {facet.Label}, goldens say {ranked[0].Label}");
                    decided++;
                }
            }
        }

        Assert.True(decided >= 2 * ReferenceGoldens.Images.Count, $"only {decided} decisions were clear enough to compare");
    }

    [Fact]
    public void EqualCosinesGoToTheLabelListedFirstWithAMarginOfZero()
    {
        var embedder = new FakeTextEmbedder(text => text.Contains("front", StringComparison.Ordinal) || text.Contains("side", StringComparison.Ordinal)
            ? [1, 0, 0, 0]
            : [0, 1, 0, 0]);
        var classifier = new FacetClassifier(embedder, Options.Create(new FacetOptions()));

        var view = classifier.Classify([1, 0, 0, 0]).Labels.Single(label => label.Set == FacetSet.View);

        Assert.Equal(("front", 0f), (view.Label, view.Margin));
    }

    [Fact]
    public void TheMarginIsTheWinnersCosineLessTheRunnerUps()
    {
        var directions = new Dictionary<string, float[]>
        {
            ["a photo of a car from the front"] = [0.6f, 0.8f, 0, 0],
            ["a photo of a car from the side"] = [1, 0, 0, 0],
            ["a photo of a car from the rear"] = [0, 0, 1, 0],
        };
        var embedder = new FakeTextEmbedder(text => directions.TryGetValue(text, out var vector) ? vector : [0, 0, 0, 1]);
        var classifier = new FacetClassifier(embedder, Options.Create(new FacetOptions()));

        var view = classifier.Classify([0.8f, 0.6f, 0, 0]).Labels.Single(label => label.Set == FacetSet.View);

        // side: 0.8, front: 0.48 + 0.48 = 0.96, rear: 0.
        Assert.Equal("front", view.Label);
        Assert.Equal(0.96 - 0.8, view.Margin, 1e-6);
    }

    [Fact]
    public void LabelEmbeddingsAreMadeOncePerModelEvenWhenManyThreadsAskAtOnce()
    {
        var embedder = new FakeTextEmbedder(text => [text.Length, 1, 0, 0]);
        var classifier = new FacetClassifier(embedder, Options.Create(new FacetOptions()));

        Parallel.For(0, 32, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => classifier.Classify([1, 0, 0, 0]));
        var firstModel = classifier.LabelEmbeddings();
        embedder.ModelId = "another-model";
        var secondModel = classifier.LabelEmbeddings();
        classifier.Classify([1, 0, 0, 0]);

        Assert.Equal(2, embedder.Runs);
        Assert.Equal(("fake-model", "another-model"), (firstModel.ModelId, secondModel.ModelId));
        Assert.NotEqual(firstModel.Version, secondModel.Version);
    }

    [Fact]
    public void EveryPromptIsEmbeddedThroughTheTextPipelineWithItsLabel()
    {
        var prompts = new List<string>();
        var embedder = new FakeTextEmbedder(text =>
        {
            lock (prompts)
            {
                prompts.Add(text);
            }

            return [1, 0, 0, 0];
        });

        new FacetClassifier(embedder, Options.Create(new FacetOptions())).LabelEmbeddings();

        Assert.Equal(21, prompts.Count);
        Assert.Contains("a photo of a red car", prompts);
        Assert.Contains("a photo of a pickup truck car", prompts);
        Assert.Contains("a photo of a car from the rear", prompts);
    }

    [Fact]
    public void TheVersionChangesWithTheModelAPromptOrALabelAndOnlyThen()
    {
        var defaults = FacetVersion.Of("model-a", new FacetOptions());

        Assert.Equal(defaults, FacetVersion.Of("model-a", new FacetOptions()));
        Assert.Equal(16, defaults.Length);
        Assert.NotEqual(defaults, FacetVersion.Of("model-b", new FacetOptions()));
        Assert.NotEqual(defaults, FacetVersion.Of("model-a", new FacetOptions { View = new() { Prompt = "a car seen from the {label}", Labels = FacetOptions.DefaultViewLabels } }));
        Assert.NotEqual(defaults, FacetVersion.Of("model-a", new FacetOptions { View = new() { Prompt = FacetOptions.DefaultViewPrompt, Labels = "front, rear" } }));
        Assert.NotEqual(defaults, FacetVersion.Of("model-a", new FacetOptions { View = new() { Prompt = FacetOptions.DefaultViewPrompt, Labels = "rear, side, front" } }));

        // Spacing around the commas is not part of a label.
        Assert.Equal(defaults, FacetVersion.Of("model-a", new FacetOptions { View = new() { Prompt = FacetOptions.DefaultViewPrompt, Labels = "front,side ,  rear" } }));
    }

    /// <summary>The expected winner, computed here from the prompts' text embeddings and the image embedding.</summary>
    private (string Label, float Margin) ExpectedWinner(FacetLabelSetOptions set, float[] image)
    {
        var labels = set.Labels.Split(',').Select(label => label.Trim()).ToList();
        var prompts = _embedder.EmbedTexts([.. labels.Select(label => set.Prompt.Replace("{label}", label, StringComparison.Ordinal))]);
        var cosines = prompts.Select(prompt => TensorPrimitives.CosineSimilarity(image, prompt)).ToList();
        var best = cosines.IndexOf(cosines.Max());
        var runnerUp = cosines.Where((_, i) => i != best).Max();
        return (labels[best], cosines[best] - runnerUp);
    }
}
