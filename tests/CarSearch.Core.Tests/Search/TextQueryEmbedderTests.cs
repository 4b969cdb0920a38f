using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Core.Search;
using CarSearch.Core.Tests.Embeddings.Inference;
using CarSearch.Tests;

namespace CarSearch.Core.Tests.Search;

/// <summary>Search texts: answered from memory when repeated, and batched when they arrive while the tower is busy.</summary>
public sealed class TextQueryEmbedderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly string[] ComposedTexts = ["red tesla", "blue van", "convertible"];

    [Fact]
    public async Task ATextSearchedAgainIsAnsweredWithoutRunningTheModel()
    {
        using var embedder = new GatedTextEmbedder(open: true);
        using var texts = new TextQueryEmbedder(embedder, cacheSize: 16);

        var first = await texts.EmbedAsync(["red tesla"]);
        var again = await texts.EmbedAsync(["red tesla"]);

        Assert.Equal(1, embedder.Runs);
        Assert.Equal(first[0], again[0]);
    }

    [Fact]
    public async Task WithTheCacheOffEverySearchRunsTheModel()
    {
        using var embedder = new GatedTextEmbedder(open: true);
        using var texts = new TextQueryEmbedder(embedder, cacheSize: 0);

        await texts.EmbedAsync(["red tesla"]);
        await texts.EmbedAsync(["red tesla"]);

        Assert.Equal(2, embedder.Runs);
    }

    [Fact]
    public async Task TheCacheForgetsTheLeastRecentlyUsedText()
    {
        using var embedder = new GatedTextEmbedder(open: true);
        using var texts = new TextQueryEmbedder(embedder, cacheSize: 3);

        foreach (var text in new[] { "a", "b", "c", "d", "e", "f", "g", "h" })
        {
            await texts.EmbedAsync([text]);
        }

        var runs = embedder.Runs;
        await texts.EmbedAsync(["h"]);
        Assert.Equal(runs, embedder.Runs);
        await texts.EmbedAsync(["a"]);
        Assert.Equal(runs + 1, embedder.Runs);
    }

    [Fact]
    public async Task TextsArrivingWhileTheModelIsBusyShareItsNextRunAndEachGetsItsOwnVector()
    {
        using var embedder = new GatedTextEmbedder(open: false);
        using var texts = new TextQueryEmbedder(embedder, cacheSize: 0);

        var first = texts.EmbedAsync(["first"]);
        Assert.True(SpinWait.SpinUntil(() => embedder.Inside == 1, Patience), "the first run never started");
        string[] waiting = ["red tesla", "blue van", "red tesla", "green coupe", "white suv"];
        var later = waiting.Select(text => texts.EmbedAsync([text])).ToList();
        embedder.Open();

        Assert.Equal(GatedTextEmbedder.VectorOf("first"), (await first)[0]);
        for (var i = 0; i < waiting.Length; i++)
        {
            Assert.Equal(GatedTextEmbedder.VectorOf(waiting[i]), (await later[i])[0]);
        }

        Assert.Equal(2, embedder.Runs);
        Assert.Equal(waiting.Distinct().Count() + 1, embedder.TextsEmbedded);
    }

    [Fact]
    public async Task AFailedRunFailsItsCallersWithTheReasonAndTheNextSearchStillWorks()
    {
        using var embedder = new GatedTextEmbedder(open: true) { FailNext = true };
        using var texts = new TextQueryEmbedder(embedder, cacheSize: 16);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => texts.EmbedAsync(["red tesla"]));
        Assert.Equal(GatedTextEmbedder.FailureMessage, failure.Message);

        Assert.Equal(GatedTextEmbedder.VectorOf("red tesla"), (await texts.EmbedAsync(["red tesla"]))[0]);
    }

    [Fact]
    public async Task AComposedQuerysTextsComeBackInTheirOrder()
    {
        using var embedder = new GatedTextEmbedder(open: true);
        using var texts = new TextQueryEmbedder(embedder, cacheSize: 16);
        await texts.EmbedAsync(["blue van"]);

        var vectors = await texts.EmbedAsync(ComposedTexts);

        Assert.Equal(ComposedTexts, vectors.Select(GatedTextEmbedder.TextOf));
    }

    [Fact]
    public async Task BatchedSearchTextsGetTheReferenceEmbeddings()
    {
        using var model = ClipEmbedder.Open(new ModelFolder(ReferenceKit.ModelDirectory));
        using var embedder = new GatedTextEmbedder(open: false, model);
        using var texts = new TextQueryEmbedder(embedder, cacheSize: 0);
        var goldens = ReferenceGoldens.Texts.Where(golden => golden.Text.Length > 0).DistinctBy(golden => golden.Text).ToList();

        // Queued while a first run holds the tower, so they share runs, padded to the longest text in each.
        var first = texts.EmbedAsync(["a photo of a car"]);
        Assert.True(SpinWait.SpinUntil(() => embedder.Inside == 1, Patience), "the first run never started");
        var waiting = goldens.Select(golden => texts.EmbedAsync([golden.Text])).ToList();
        embedder.Open();
        var vectors = await Task.WhenAll(waiting);
        await first;

        Assert.Equal(1 + ((goldens.Count + TextQueryEmbedder.MaxBatch - 1) / TextQueryEmbedder.MaxBatch), texts.Runs);
        for (var i = 0; i < goldens.Count; i++)
        {
            VectorAssert.Close(goldens[i].Normalized, vectors[i][0], VectorAssert.NormalizedTolerance, goldens[i].Text);
        }
    }

    /// <summary>
    /// Text runs wait at a gate; each text's vector encodes the text, so a mix-up shows, unless a real model is given.
    /// </summary>
    private sealed class GatedTextEmbedder(bool open, IClipEmbedder? model = null) : IClipEmbedder, IDisposable
    {
        public const string FailureMessage = "the text tower failed";

        private readonly ManualResetEventSlim _gate = new(open);
        private int _inside;
        private int _runs;
        private int _texts;

        public string ModelId => "stand-in";

        public int Dimension => 2;

        public bool FailNext { get; set; }

        public int Inside => Volatile.Read(ref _inside);

        public int Runs => Volatile.Read(ref _runs);

        public int TextsEmbedded => Volatile.Read(ref _texts);

        public static float[] VectorOf(string text) => [text.Length, text.Sum(c => c)];

        public static string TextOf(float[] vector) => ComposedTexts.Single(text => VectorOf(text).SequenceEqual(vector));

        public void Open() => _gate.Set();

        public float[][] EmbedTexts(IReadOnlyList<string> texts)
        {
            Interlocked.Increment(ref _inside);
            try
            {
                _gate.Wait();
                Interlocked.Increment(ref _runs);
                Interlocked.Add(ref _texts, texts.Count);
                if (FailNext)
                {
                    FailNext = false;
                    throw new InvalidOperationException(FailureMessage);
                }

                return model?.EmbedTexts(texts) ?? [.. texts.Select(VectorOf)];
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
        }

        public float[][] EmbedImages(IReadOnlyList<ReadOnlyMemory<byte>> images) => throw new NotSupportedException();

        public void Dispose() => _gate.Dispose();
    }
}
