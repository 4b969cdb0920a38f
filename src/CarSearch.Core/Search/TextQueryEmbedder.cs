using BitFaster.Caching.Lru;
using CarSearch.Core.Batching;
using CarSearch.Core.Embeddings;

namespace CarSearch.Core.Search;

/// <summary>
/// Embeds search texts the way a busy search service should: a text searched recently is answered from memory, and
/// texts that arrive while the text tower is busy wait for its next run and share it.
/// </summary>
/// <remarks>
/// A short query through the full-size text tower is bound by streaming its weights from memory (about 150 MB of
/// float32 matrices), not by arithmetic, so sixteen texts in one run cost little more than one, while sixteen runs at
/// once fight over two cores. A <see cref="RequestBatcher{TRequest, TResult}"/> therefore runs the tower on every
/// text waiting (up to <see cref="MaxBatch"/>), so a lone query never waits for company and a burst is answered in a
/// few runs. The
/// vectors are the ones <see cref="IClipEmbedder.EmbedTexts"/> gives for each text alone: CLIP's result does not
/// depend on the padding a batch adds.
/// </remarks>
public sealed class TextQueryEmbedder : IDisposable
{
    /// <summary>Most texts in one run of the text tower; more wait for the next.</summary>
    public const int MaxBatch = 32;

    /// <summary>The smallest cache <see cref="ConcurrentLru{K,V}"/> can keep; a smaller setting above 0 is raised to it.</summary>
    private const int SmallestCache = 3;

    private readonly IClipEmbedder _embedder;
    private readonly ConcurrentLru<string, float[]>? _recent;
    private readonly RequestBatcher<string, float[]> _tower;

    /// <param name="embedder">Embeds the texts.</param>
    /// <param name="cacheSize">Recent texts whose vectors are kept (about 2 KB each at 512 dimensions); 0 keeps none.</param>
    public TextQueryEmbedder(IClipEmbedder embedder, int cacheSize)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheSize);
        _embedder = embedder;
        _recent = cacheSize == 0 ? null : new ConcurrentLru<string, float[]>(Math.Max(cacheSize, SmallestCache));
        _tower = new RequestBatcher<string, float[]>(Run, MaxBatch);
    }

    /// <summary>Runs of the text tower so far (what the cache and the batching save).</summary>
    public int Runs => _tower.Runs;

    /// <summary>One unit-length vector per text, in order. The vectors are shared: callers must not change them.</summary>
    public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        var pending = new List<(int Index, Task<float[]> Vector)>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (_recent is not null && _recent.TryGet(texts[i], out var known))
            {
                vectors[i] = known;
                continue;
            }

            pending.Add((i, _tower.RunAsync(texts[i], cancellationToken)));
        }

        foreach (var (index, vector) in pending)
        {
            vectors[index] = await vector.ConfigureAwait(false);
        }

        return vectors;
    }

    public void Dispose() => _tower.Dispose();

    private float[][] Run(IReadOnlyList<string> batch)
    {
        // The same text twice in one run (two shoppers typing "red tesla") is embedded once.
        var texts = batch.Distinct(StringComparer.Ordinal).ToList();
        var vectors = _embedder.EmbedTexts(texts);
        var byText = texts.Zip(vectors).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
        foreach (var (text, vector) in byText)
        {
            _recent?.AddOrUpdate(text, vector);
        }

        return [.. batch.Select(text => byText[text])];
    }
}
