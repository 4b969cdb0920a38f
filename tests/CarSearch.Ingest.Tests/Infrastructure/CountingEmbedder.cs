using System.Collections.Concurrent;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Images;

namespace CarSearch.Ingest.Tests.Infrastructure;

/// <summary>
/// Wraps the real embedder to observe what the ingest asks of it: decodes, model runs and their sizes, how many
/// decodes overlap. It can hold decodes at a gate (to catch the ingest mid-flight) and report another model id (to
/// stand for a model change).
/// </summary>
public sealed class CountingEmbedder(IStagedImageEmbedder inner, string? modelId = null) : IStagedImageEmbedder, IDisposable
{
    private static readonly TimeSpan GateTimeout = TimeSpan.FromMinutes(2);

    private readonly ManualResetEventSlim _gate = new(initialState: true);
    private readonly ConcurrentQueue<int> _runSizes = new();
    private int _decodes;
    private int _decoding;
    private int _maxDecoding;

    public string ModelId => modelId ?? inner.ModelId;

    public int Dimension => inner.Dimension;

    /// <summary>Images decoded (each one the ingest chose to embed).</summary>
    public int Decodes => Volatile.Read(ref _decodes);

    /// <summary>Decodes under way right now (including those held at the gate).</summary>
    public int Decoding => Volatile.Read(ref _decoding);

    public int MaxConcurrentDecodes => Volatile.Read(ref _maxDecoding);

    /// <summary>Image model runs, and how many images each embedded.</summary>
    public IReadOnlyList<int> RunSizes => [.. _runSizes];

    public int ImagesEmbedded => _runSizes.Sum();

    /// <summary>Decodes wait here until <see cref="Release"/>.</summary>
    public void Hold() => _gate.Reset();

    public void Release() => _gate.Set();

    public float[][] EmbedTexts(IReadOnlyList<string> texts) => inner.EmbedTexts(texts);

    public float[][] EmbedImages(IReadOnlyList<ReadOnlyMemory<byte>> images)
    {
        _runSizes.Enqueue(images.Count);
        return inner.EmbedImages(images);
    }

    public PreprocessedImage PreprocessImage(ReadOnlyMemory<byte> image) => Counted(() => inner.PreprocessImage(image));

    public PreprocessedImage PreprocessImageWithThumbnail(ReadOnlyMemory<byte> image, float[]? pixels = null) =>
        Counted(() => inner.PreprocessImageWithThumbnail(image, pixels));

    private PreprocessedImage Counted(Func<PreprocessedImage> preprocess)
    {
        Interlocked.Increment(ref _decodes);
        var now = Interlocked.Increment(ref _decoding);
        for (var seen = Volatile.Read(ref _maxDecoding); now > seen; seen = Volatile.Read(ref _maxDecoding))
        {
            if (Interlocked.CompareExchange(ref _maxDecoding, now, seen) == seen)
            {
                break;
            }
        }

        try
        {
            if (!_gate.Wait(GateTimeout))
            {
                throw new TimeoutException("The test never released the decode gate.");
            }

            return preprocess();
        }
        finally
        {
            Interlocked.Decrement(ref _decoding);
        }
    }

    public float[][] EmbedPreprocessed(IReadOnlyList<float[]> pixels)
    {
        _runSizes.Enqueue(pixels.Count);
        return inner.EmbedPreprocessed(pixels);
    }

    public void Dispose() => _gate.Dispose();
}
