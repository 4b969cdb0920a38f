using CarSearch.Core.Storage;
using System.Collections.Concurrent;
using System.Diagnostics;
using CarSearch.Storage;

namespace CarSearch.Cli.Indexing;

/// <summary>
/// The upload loop of <c>carsearch index</c>: for each file, at most <see cref="MaxParallelUploads"/> at once, refuse
/// it by size before reading, read it, refuse it by content, then let the target send what is missing. One file's
/// problem never stops the others; storage that stops answering stops the run, since every further file would fail
/// the same way after its retries.
/// </summary>
public sealed class ImageIndexer(IImageUploadTarget target, ImageFileCheck check, IReadOnlyDictionary<string, string> metadata)
{
    /// <summary>Uploads in flight: enough to hide each request's latency, few enough to hold that many images in memory.</summary>
    public const int MaxParallelUploads = 8;

    /// <summary>Uploads <paramref name="plan"/>'s files, reporting each outcome to <paramref name="finished"/> as it is known.</summary>
    public async Task<IndexRun> RunAsync(IndexPlan plan, Action<IndexOutcome> finished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(finished);
        var clock = Stopwatch.StartNew();
        var outcomes = new ConcurrentQueue<IndexOutcome>();
        string? unavailable = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelUploads, CancellationToken = stop.Token };
        try
        {
            await Parallel.ForEachAsync(plan.Files, options, async (file, token) =>
            {
                // The loop's own token hears of a stop through a callback that may run later, on another thread (and
                // long after under load), so a worker could take several more files first; the source is set at once.
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    var outcome = await IndexAsync(file, token).ConfigureAwait(false);
                    outcomes.Enqueue(outcome);
                    finished(outcome);
                }
                catch (StorageUnavailableException gone)
                {
                    Interlocked.CompareExchange(ref unavailable, gone.Message, null);
                    await stop.CancelAsync().ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped by the user or by storage going away; the files not done are counted below.
        }

        return new IndexRun(
            [.. plan.Rejected, .. outcomes],
            plan.Ignored,
            plan.Files.Count - outcomes.Count,
            unavailable,
            cancellationToken.IsCancellationRequested,
            clock.Elapsed);
    }

    private async Task<IndexOutcome> IndexAsync(ImageFile file, CancellationToken cancellationToken)
    {
        if (check.SizeProblem(file.Length) is { } tooLarge)
        {
            return IndexOutcome.Rejected(file.Source, file.BlobName, tooLarge);
        }

        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(file.Source, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException)
        {
            return IndexOutcome.Failed(file.Source, file.BlobName, $"Cannot read the file: {unreadable.Message}");
        }

        if (check.ContentProblem(content) is { } refused)
        {
            return IndexOutcome.Rejected(file.Source, file.BlobName, refused);
        }

        try
        {
            var result = await target.UploadIfChangedAsync(file.BlobName, content, metadata, cancellationToken).ConfigureAwait(false);
            return new IndexOutcome(file.Source, file.BlobName, result switch
            {
                UploadResult.Uploaded => IndexOutcomeKind.Uploaded,
                UploadResult.MetadataUpdated => IndexOutcomeKind.Updated,
                _ => IndexOutcomeKind.Skipped,
            });
        }
        catch (UploadFailedException storageRefused)
        {
            return IndexOutcome.Failed(file.Source, file.BlobName, storageRefused.Message);
        }
    }
}
