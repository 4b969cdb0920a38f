using CarSearch.Core.Embeddings;

namespace CarSearch.Core.Tests.Facets;

/// <summary>A text embedder that answers set vectors per text and counts its runs; its model id can change.</summary>
internal sealed class FakeTextEmbedder(Func<string, float[]> vectorOf) : IClipEmbedder
{
    private int _runs;

    public string ModelId { get; set; } = "fake-model";

    public int Dimension => 4;

    /// <summary>Text runs so far.</summary>
    public int Runs => Volatile.Read(ref _runs);

    public float[][] EmbedTexts(IReadOnlyList<string> texts)
    {
        Interlocked.Increment(ref _runs);

        // Slow enough that threads asking at once really overlap.
        Thread.Sleep(20);
        return [.. texts.Select(vectorOf)];
    }

    public float[][] EmbedImages(IReadOnlyList<ReadOnlyMemory<byte>> images) => throw new NotSupportedException();
}
