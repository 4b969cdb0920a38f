using System.Threading.Channels;
using CarSearch.Core.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest;

/// <summary>
/// Gathers the preprocessed images of concurrent ingests into one model run: the first image waits up to
/// <see cref="IngestOptions.MicroBatchMaxWaitMilliseconds"/> for company, a full batch runs at once. One run at a
/// time; images arriving meanwhile queue (boundedly) and form the next batch, so a burst of uploads costs far fewer
/// runs than images. Thread-safe; one per process.
/// </summary>
public sealed class ImageEmbeddingBatcher : IAsyncDisposable, IDisposable
{
    private readonly IStagedImageEmbedder _embedder;
    private readonly ILogger _logger;
    private readonly int _batchSize;
    private readonly TimeSpan _maxWait;
    private readonly Channel<Request> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public ImageEmbeddingBatcher(
        IStagedImageEmbedder embedder, IOptions<IngestOptions> options, ILogger<ImageEmbeddingBatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        _embedder = embedder;
        _logger = logger ?? NullLogger<ImageEmbeddingBatcher>.Instance;
        var settings = options.Value;

        // No more images than there are ingests can ever be waiting: a larger batch would only wait out the timer.
        _batchSize = Math.Min(settings.MicroBatchSize, settings.MaxConcurrentIngests);
        _maxWait = TimeSpan.FromMilliseconds(settings.MicroBatchMaxWaitMilliseconds);

        // Two batches' worth of 600 KB tensors at most; writers beyond that wait, which bounds memory.
        _queue = Channel.CreateBounded<Request>(new BoundedChannelOptions(_batchSize * 2)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The unit-length embedding of one preprocessed image, computed in a shared model run.</summary>
    public async Task<float[]> EmbedAsync(float[] pixels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var request = new Request(pixels);
        await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);

        // A caller that gives up leaves its slot to be skipped; the others in its batch are unaffected.
        await using var registration = cancellationToken.Register(() => request.Completion.TrySetCanceled(cancellationToken)).ConfigureAwait(false);
        return await request.Completion.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        while (_queue.Reader.TryRead(out var left))
        {
            left.Completion.TrySetException(new ObjectDisposedException(nameof(ImageEmbeddingBatcher)));
        }

        _stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task RunAsync()
    {
        var batch = new List<Request>(_batchSize);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                batch.Clear();
                await FillAsync(reader, batch).ConfigureAwait(false);
                Run(batch);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed: requests still queued are failed by DisposeAsync.
        }
        finally
        {
            foreach (var request in batch)
            {
                request.Completion.TrySetException(new ObjectDisposedException(nameof(ImageEmbeddingBatcher)));
            }
        }
    }

    /// <summary>Takes what is queued, then waits for more until the batch is full or the first image's wait is up.</summary>
    private async Task FillAsync(ChannelReader<Request> reader, List<Request> batch)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        window.CancelAfter(_maxWait);
        while (batch.Count < _batchSize)
        {
            if (reader.TryRead(out var request))
            {
                batch.Add(request);
                continue;
            }

            try
            {
                if (!await reader.WaitToReadAsync(window.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Run(List<Request> batch)
    {
        var live = batch.FindAll(request => !request.Completion.Task.IsCompleted);
        if (live.Count == 0)
        {
            return;
        }

        try
        {
            var embeddings = _embedder.EmbedPreprocessed(live.ConvertAll(request => request.Pixels));
            _logger.BatchEmbedded(live.Count);
            for (var i = 0; i < live.Count; i++)
            {
                live[i].Completion.TrySetResult(embeddings[i]);
            }
        }
        catch (Exception ex)
        {
            // Not the images' fault (they were decoded fine): every caller sees the model's failure and may retry.
            _logger.BatchFailed(ex, live.Count);
            foreach (var request in live)
            {
                request.Completion.TrySetException(ex);
            }
        }
        finally
        {
            batch.Clear();
        }
    }

    private sealed class Request(float[] pixels)
    {
        public float[] Pixels { get; } = pixels;

        public TaskCompletionSource<float[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
