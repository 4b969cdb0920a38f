using System.Text;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Facets;
using CarSearch.Core.Index;
using CarSearch.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest.Reindex;

/// <summary>
/// Re-embeds indexed images after a model change: every document whose <see cref="ImageDocument.ModelId"/> differs
/// from the current model's, or all of them with force. A document whose facets are of another
/// <see cref="ImageDocument.FacetVersion"/> (label sets or prompts changed, or indexed before facets) is taken too;
/// the ingest then recomputes its facets from the stored embedding, without running the image model. Durable and shared across instances: starting a job records
/// it (<see cref="IReindexJobs"/>) and queues its documents in batches (<see cref="IReindexBatchSender"/>); whichever
/// instance takes a batch (the Functions queue trigger, or <c>carsearch serve</c>'s listener) re-embeds it through
/// the same ingest and records its result, so every instance reports the same progress and a batch an instance died
/// on comes back to another. Searches go on meanwhile: documents are replaced one by one.
/// </summary>
public sealed class ReindexService : IReindexScheduler
{
    /// <summary>Images per batch: a few seconds of work with the full-size model, so a lost batch costs little.</summary>
    public const int BatchSize = 32;

    /// <summary>
    /// Characters of names per batch at most, so a message stays well under a storage queue's 64 KB once base64
    /// encoded, however long the names.
    /// </summary>
    public const int MaxBatchNameLength = 30_000;

    /// <summary>A job whose batches were never all queued (its instance died while starting it) counts as stopped after this.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    /// <summary>How long a progress read from storage is reused: the page polls the status, storage need not be asked each time.</summary>
    public static readonly TimeSpan ProgressMaxAge = TimeSpan.FromSeconds(3);

    private readonly IVectorIndex _index;
    private readonly IngestService _ingest;
    private readonly IClipEmbedder _embedder;
    private readonly FacetClassifier _facets;
    private readonly IReindexJobs _jobs;
    private readonly IReindexBatchSender _queue;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _parallelism;
    private readonly RefreshingValue<ProgressRead> _progress;

    public ReindexService(
        IVectorIndex index,
        IngestService ingest,
        IStagedImageEmbedder embedder,
        FacetClassifier facets,
        IReindexJobs jobs,
        IReindexBatchSender queue,
        IOptions<IngestOptions> options,
        TimeProvider? time = null,
        ILogger<ReindexService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _index = index;
        _ingest = ingest;
        _embedder = embedder;
        _facets = facets;
        _jobs = jobs;
        _queue = queue;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ReindexService>.Instance;

        // Half the ingest slots: uploads keep being indexed while a re-index runs.
        _parallelism = Math.Max(1, options.Value.MaxConcurrentIngests / 2);
        _progress = new RefreshingValue<ProgressRead>(ReadProgressAsync, _time);
    }

    /// <summary>
    /// Starts a job unless one is running (here or on another instance), and returns the progress of the one that
    /// runs. Queues every batch before it answers, so a job is never left half planned by a host that stops later.
    /// </summary>
    public async Task<ReindexProgress> StartAsync(bool force, CancellationToken cancellationToken = default)
    {
        var current = await _jobs.GetAsync(cancellationToken).ConfigureAwait(false);
        if (current is not null && await ProgressOfAsync(current, cancellationToken).ConfigureAwait(false) is { Running: true } running)
        {
            return running;
        }

        var job = new ReindexJob(Guid.NewGuid().ToString("N"), force, _embedder.ModelId, _time.GetUtcNow());
        if (!await _jobs.TryReplaceAsync(job, current?.Id, cancellationToken).ConfigureAwait(false))
        {
            // Another instance started one at the same moment: that one is the job.
            var winner = await _jobs.GetAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The re-index job was replaced and then vanished.");
            return await ProgressOfAsync(winner, cancellationToken).ConfigureAwait(false);
        }

        var names = new List<string>();
        var facetVersion = _facets.Version;
        await foreach (var entry in _index.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (force || entry.ModelId != job.ModelId || entry.FacetVersion != facetVersion)
            {
                names.Add(entry.Name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        var batches = Pack(job.Id, names);
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (batch, token) => await _queue.SendAsync(batch, token).ConfigureAwait(false)).ConfigureAwait(false);
        job = job with { Total = names.Count, Batches = batches.Count, Planned = true };
        await _jobs.UpdateAsync(job, cancellationToken).ConfigureAwait(false);
        _logger.ReindexStarted(names.Count, batches.Count, force);
        Forget();
        return Progress(job, []);
    }

    /// <summary>
    /// The current job's progress, the same on every instance; null before the first job. Read from storage at most
    /// every <see cref="ProgressMaxAge"/>, in the background once one was read (see <see cref="RefreshingValue{T}"/>);
    /// the first read is waited for at most <paramref name="wait"/>.
    /// </summary>
    public async Task<ReindexProgress?> GetProgressAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        (await _progress.GetAsync(ProgressMaxAge, wait, cancellationToken).ConfigureAwait(false))?.Progress;

    /// <summary>The current job's progress as storage holds it now; null before the first job.</summary>
    public async Task<ReindexProgress?> ReadProgressNowAsync(CancellationToken cancellationToken = default) =>
        (await ReadProgressAsync(cancellationToken).ConfigureAwait(false)).Progress;

    /// <summary>
    /// Re-embeds one batch and records its result. Images already done (re-embedded since the job began, or of the
    /// current model, or gone) are skipped, so a batch taken twice does the work once. Throws when any image failed
    /// on storage, the index or the model (not on the image), so the host takes the batch again later; once it gives
    /// up, it calls <see cref="GiveUpAsync"/>.
    /// </summary>
    public async Task ProcessAsync(ReindexBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var job = await CurrentJobOfAsync(batch, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return;
        }

        var rejected = 0;
        var errors = new List<Exception>();
        await Parallel.ForEachAsync(
            batch.Names,
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (name, token) =>
            {
                try
                {
                    if (!await ReembedAsync(job, name, token).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref rejected);
                    }
                }
                catch (Exception error) when (!token.IsCancellationRequested)
                {
                    _logger.ReindexItemFailed(error, name);
                    lock (errors)
                    {
                        errors.Add(error);
                    }
                }
            }).ConfigureAwait(false);

        if (errors.Count > 0)
        {
            throw new AggregateException(
                $"{errors.Count} of the {batch.Names.Count} images of re-index batch {batch.Number} failed; the batch is taken again.", errors);
        }

        await _jobs.RecordBatchAsync(job.Id, new ReindexBatchResult(batch.Number, batch.Names.Count, rejected, default), cancellationToken)
            .ConfigureAwait(false);
        Forget();
    }

    /// <summary>
    /// A host took a batch as often as it will and gave up: records it as done with its images failed (they keep their
    /// previous embedding and are still found), so the job ends and says how many it could not re-embed.
    /// </summary>
    public async Task GiveUpAsync(ReindexBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (await CurrentJobOfAsync(batch, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return;
        }

        _logger.ReindexBatchGivenUp(batch.Number, batch.Names.Count);
        await _jobs.RecordBatchAsync(job.Id, new ReindexBatchResult(batch.Number, batch.Names.Count, batch.Names.Count, default), cancellationToken)
            .ConfigureAwait(false);
        Forget();
    }

    async Task<ReindexProgress> IReindexScheduler.StartAsync(bool force, CancellationToken cancellationToken) =>
        await StartAsync(force, cancellationToken).ConfigureAwait(false);

    /// <summary>Splits the names into batches of at most <see cref="BatchSize"/> images and <see cref="MaxBatchNameLength"/> characters.</summary>
    private static List<ReindexBatch> Pack(string jobId, List<string> names)
    {
        var batches = new List<ReindexBatch>();
        var current = new List<string>();
        var length = 0;
        foreach (var name in names)
        {
            if (current.Count == BatchSize || (current.Count > 0 && length + name.Length > MaxBatchNameLength))
            {
                batches.Add(new ReindexBatch(jobId, batches.Count, current));
                (current, length) = ([], 0);
            }

            current.Add(name);
            length += name.Length;
        }

        if (current.Count > 0)
        {
            batches.Add(new ReindexBatch(jobId, batches.Count, current));
        }

        return batches;
    }

    /// <summary>The batch's job if it is still the current one; a batch of a job replaced since is dropped.</summary>
    private async Task<ReindexJob?> CurrentJobOfAsync(ReindexBatch batch, CancellationToken cancellationToken)
    {
        var job = await _jobs.GetAsync(cancellationToken).ConfigureAwait(false);
        if (job?.Id == batch.JobId)
        {
            return job;
        }

        _logger.ReindexBatchSuperseded(batch.Number, batch.JobId);
        return null;
    }

    /// <summary>False when the image was rejected (its failure is recorded by the ingest).</summary>
    private async Task<bool> ReembedAsync(ReindexJob job, string name, CancellationToken cancellationToken)
    {
        var document = await _index.GetAsync(DocumentId.FromName(name), cancellationToken).ConfigureAwait(false);
        var done = document is null || (job.Force
            ? document.IndexedAt >= job.StartedAt
            : document.ModelId == _embedder.ModelId && document.FacetVersion == _facets.Version);
        if (done)
        {
            return true;
        }

        var outcome = await _ingest.IngestStoredAsync(name, job.Force, cancellationToken).ConfigureAwait(false);
        return outcome.Result != IngestResult.Rejected;
    }

    private async Task<ReindexProgress> ProgressOfAsync(ReindexJob job, CancellationToken cancellationToken) =>
        Progress(job, await _jobs.ListBatchesAsync(job.Id, cancellationToken).ConfigureAwait(false));

    private ReindexProgress Progress(ReindexJob job, IReadOnlyList<ReindexBatchResult> results)
    {
        var byNumber = results.DistinctBy(result => result.Number).ToList();
        var complete = job.Planned && byNumber.Count >= job.Batches;
        var abandoned = !job.Planned && _time.GetUtcNow() - job.StartedAt > AbandonedAfter;
        DateTimeOffset? finishedAt = !complete ? null : byNumber.Count == 0 ? job.StartedAt : byNumber.Max(result => result.At);
        return new ReindexProgress(
            Running: !complete && !abandoned,
            job.Force,
            job.Total,
            byNumber.Sum(result => (long)result.Done),
            byNumber.Sum(result => (long)result.Failed),
            job.StartedAt,
            finishedAt);
    }

    private async Task<ProgressRead> ReadProgressAsync(CancellationToken cancellationToken)
    {
        var job = await _jobs.GetAsync(cancellationToken).ConfigureAwait(false);
        return new ProgressRead(job is null ? null : await ProgressOfAsync(job, cancellationToken).ConfigureAwait(false));
    }

    private void Forget() => _progress.Invalidate();

    /// <summary>A progress read, null included (no job yet), so it can be kept like any read.</summary>
    private sealed record ProgressRead(ReindexProgress? Progress);
}
