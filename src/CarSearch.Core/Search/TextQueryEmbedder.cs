using System.Threading.Channels;
using BitFaster.Caching.Lru;
using CarSearch.Core.Embeddings;

namespace CarSearch.Core.Search;

/// <summary>
/// Embeds search texts the way a busy search service should: a text searched recently is answered from memory, and
/// texts that arrive while the text tower is busy wait for its next run and share it.
/// </summary>
/// <remarks>
/// A short query through the full-size text tower is bound by streaming its weights from memory (about 150 MB of
/// float32 matrices), not by arithmetic, so sixteen texts in one run cost little more than one, while sixteen runs at
/// once fight over two cores. One loop therefore runs the tower; each run takes every text waiting (up to
/// <see cref="MaxBatch"/>), so a lone query never waits for company and a burst is answered in a few runs. The
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
    private readonly Channel<Request> _waiting = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> _runner;
    private int _runs;

    /// <param name="embedder">Embeds the texts.</param>
    /// <param name="cacheSize">Recent texts whose vectors are kept (about 2 KB each at 512 dimensions); 0 keeps none.</param>
    public TextQueryEmbedder(IClipEmbedder embedder, int cacheSize)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentOutOfRangeException.ThrowIfNegative(cacheSize);
        _embedder = embedder;
        _recent = cacheSize == 0 ? null : new ConcurrentLru<string, float[]>(Math.Max(cacheSize, SmallestCache));
        _runner = new Lazy<Task>(() => Task.Run(RunAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Runs of the text tower so far (what the cache and the batching save).</summary>
    public int Runs => Volatile.Read(ref _runs);

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

            var request = new Request(texts[i]);
            ObjectDisposedException.ThrowIf(!_waiting.Writer.TryWrite(request), this);

            pending.Add((i, request.Vector.Task));
        }

        if (pending.Count > 0)
        {
            _ = _runner.Value;
            foreach (var (index, vector) in pending)
            {
                vectors[index] = await vector.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return vectors;
    }

    public void Dispose() => _waiting.Writer.TryComplete();

    private async Task RunAsync()
    {
        var batch = new List<Request>(MaxBatch);
        while (await _waiting.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _waiting.Reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            Run(batch);
        }
    }

    private void Run(List<Request> batch)
    {
        // The same text twice in one run (two shoppers typing "red tesla") is embedded once.
        var texts = batch.Select(request => request.Text).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            var vectors = _embedder.EmbedTexts(texts);
            Interlocked.Increment(ref _runs);
            var byText = texts.Zip(vectors).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
            foreach (var (text, vector) in byText)
            {
                _recent?.AddOrUpdate(text, vector);
            }

            batch.ForEach(request => request.Vector.TrySetResult(byText[request.Text]));
        }
        catch (Exception failure)
        {
            // Every waiting caller learns why, and the loop goes on for the next texts.
            batch.ForEach(request => request.Vector.TrySetException(failure));
        }
    }

    private sealed record Request(string Text)
    {
        public TaskCompletionSource<float[]> Vector { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
