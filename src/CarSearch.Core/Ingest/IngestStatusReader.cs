using CarSearch.Core.Index;
using CarSearch.Core.Ingest.Reindex;
using CarSearch.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest;

/// <summary>
/// The ingest status, from shared state so every instance reports the same: <c>indexed</c> is the index's count,
/// <c>pending</c> and <c>failed</c> the <see cref="IngestBacklog"/>'s (the latest scan of the container and the
/// failures ledger, with what this process did since), the re-index the shared job's. Once something was read from
/// storage it waits for storage no longer than <see cref="StorageWait"/>, and only to ask whether it is there (see
/// <see cref="StorageAvailability.CheckAsync"/>): while storage hangs or is down it reports what it last knew and says
/// storage is unreachable.
/// </summary>
public sealed class IngestStatusReader(
    IVectorIndex index,
    IngestBacklog backlog,
    StorageAvailability availability,
    ReindexService reindex,
    IOptions<IngestOptions> options,
    ILogger<IngestStatusReader>? logger = null) : IIngestStatusReader
{
    /// <summary>
    /// How long a status request waits for storage: for its counts, only before anything was ever read from it; for
    /// whether it is there, whenever what is known of that is older than <see cref="StorageAvailability.ReportMaxAge"/>
    /// and storage was not already known to be down.
    /// </summary>
    public static readonly TimeSpan StorageWait = TimeSpan.FromMilliseconds(400);

    public async Task<IngestStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;

        // Pending before the index: an image finishing in between is counted twice at worst, never missed. Neither
        // read waits for storage once the backlog has a scan; the reads below share one short wait otherwise.
        var scan = await backlog.FreshAsync(settings.PendingMaxAge, StorageWait, cancellationToken).ConfigureAwait(false);
        long? pending = scan is null ? null : backlog.Pending;
        var failures = backlog.Failures;
        var progress = await reindex.GetProgressAsync(StorageWait, cancellationToken).ConfigureAwait(false);
        var indexed = await CountAsync(cancellationToken).ConfigureAwait(false);
        var storage = await availability.CheckAsync(StorageAvailability.ReportMaxAge, StorageWait, cancellationToken).ConfigureAwait(false);
        return new IngestStatus(
            indexed,
            failures.Count,
            pending,
            failures.Count <= settings.MaxFailuresReported ? failures : [.. failures.Take(settings.MaxFailuresReported)],
            progress,
            scan?.At,
            StorageStatus.From(storage));
    }

    /// <summary>The index's count, or null when it cannot be reached: the rest of the status is still worth answering.</summary>
    private async Task<long?> CountAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await index.CountAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && error is not OutOfMemoryException)
        {
            (logger ?? NullLogger<IngestStatusReader>.Instance).IndexUncounted(error, index.Kind);
            return null;
        }
    }
}
