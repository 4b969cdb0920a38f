using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest;

/// <summary>
/// Re-embeds indexed images in the background after a model change: every document whose
/// <see cref="ImageDocument.ModelId"/> differs from the current model's, or all of them with force. One job at a
/// time per process; progress for the ingest status. Searches go on meanwhile: documents are replaced one by one,
/// and the job takes at most half the ingest slots, so new uploads keep being indexed too.
/// </summary>
public sealed class ReindexService : IReindexScheduler, IAsyncDisposable, IDisposable
{
    private readonly IVectorIndex _index;
    private readonly IngestService _ingest;
    private readonly IClipEmbedder _embedder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _parallelism;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Job? _current;

    public ReindexService(
        IVectorIndex index,
        IngestService ingest,
        IStagedImageEmbedder embedder,
        IOptions<IngestOptions> options,
        TimeProvider? time = null,
        ILogger<ReindexService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _index = index;
        _ingest = ingest;
        _embedder = embedder;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ReindexService>.Instance;
        _parallelism = Math.Max(1, options.Value.MaxConcurrentIngests / 2);
    }

    /// <summary>The running or last job's progress; null before the first.</summary>
    public ReindexProgress? Progress
    {
        get
        {
            lock (_gate)
            {
                return _current?.Snapshot();
            }
        }
    }

    public ReindexProgress Start(bool force)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            if (_current is { IsRunning: true })
            {
                return _current.Snapshot();
            }

            var job = new Job(force, _time.GetUtcNow());
            _current = job;
            job.Completion = Task.Run(() => RunAsync(job, _stopping.Token));
            return job.Snapshot();
        }
    }

    /// <summary>Completes when the running job, if any, has finished (for a CLI that waits, and for tests).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        Task running;
        lock (_gate)
        {
            running = _current?.Completion ?? Task.CompletedTask;
        }

        return running.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            running = _current?.Completion ?? Task.CompletedTask;
        }

        await running.ConfigureAwait(false);
        _stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task RunAsync(Job job, CancellationToken stopping)
    {
        try
        {
            var entries = new List<IndexEntry>();
            await foreach (var entry in _index.ListAsync(stopping).ConfigureAwait(false))
            {
                if (job.Force || entry.ModelId != _embedder.ModelId)
                {
                    entries.Add(entry);
                }
            }

            job.SetTotal(entries.Count);
            _logger.ReindexStarted(entries.Count, job.Force);
            await Parallel.ForEachAsync(
                entries,
                new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = stopping },
                async (entry, token) =>
                {
                    try
                    {
                        var outcome = await _ingest.IngestStoredAsync(entry.Name, job.Force, token).ConfigureAwait(false);
                        if (outcome.Result == IngestResult.Rejected)
                        {
                            job.AddFailed();
                        }
                    }
                    catch (Exception ex) when (!token.IsCancellationRequested)
                    {
                        // The document keeps its old vector and is still found; the next re-index tries again.
                        job.AddFailed();
                        _logger.ReindexItemFailed(ex, entry.Name);
                    }
                    finally
                    {
                        job.AddDone();
                    }
                }).ConfigureAwait(false);
            _logger.ReindexFinished(job.Done, job.Total, job.Failed);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is shutting down; a later Start begins again and skips what is already re-embedded.
        }
        catch (Exception ex)
        {
            _logger.ReindexStopped(ex);
        }
        finally
        {
            job.Finish(_time.GetUtcNow());
        }
    }

    private sealed class Job(bool force, DateTimeOffset startedAt)
    {
        private long _total;
        private long _done;
        private long _failed;
        private readonly Lock _finishLock = new();
        private DateTimeOffset? _finishedAt;

        public bool Force { get; } = force;

        public Task? Completion { get; set; }

        public bool IsRunning => FinishedAt is null;

        private DateTimeOffset? FinishedAt
        {
            get
            {
                lock (_finishLock)
                {
                    return _finishedAt;
                }
            }
        }

        public long Total => Interlocked.Read(ref _total);

        public long Done => Interlocked.Read(ref _done);

        public long Failed => Interlocked.Read(ref _failed);

        public void SetTotal(long total) => Interlocked.Exchange(ref _total, total);

        public void AddDone() => Interlocked.Increment(ref _done);

        public void AddFailed() => Interlocked.Increment(ref _failed);

        public void Finish(DateTimeOffset at)
        {
            lock (_finishLock)
            {
                _finishedAt = at;
            }
        }

        public ReindexProgress Snapshot()
        {
            var finishedAt = FinishedAt;
            return new ReindexProgress(finishedAt is null, Force, Total, Done, Failed, startedAt, finishedAt);
        }
    }
}
