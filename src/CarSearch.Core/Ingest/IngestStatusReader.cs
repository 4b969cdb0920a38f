using CarSearch.Core.Index;
using CarSearch.Core.Storage;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest;

/// <summary>
/// The ingest status, from shared state so every instance reports the same: <c>indexed</c> is the index's count,
/// <c>failed</c> the failures ledger's, <c>pending</c> the <see cref="IngestBacklog"/>'s. Answers within about a second
/// even while storage hangs or is down: it then reports the last scan and failures it has, and says storage is
/// unreachable.
/// </summary>
public sealed class IngestStatusReader(
    IVectorIndex index,
    IIngestLedger ledger,
    IngestBacklog backlog,
    StorageAvailability availability,
    ReindexService reindex,
    IOptions<IngestOptions> options,
    TimeProvider time) : IIngestStatusReader
{
    /// <summary>How long a status request waits for storage in all before it answers from what it knows.</summary>
    public static readonly TimeSpan StorageWait = TimeSpan.FromMilliseconds(800);

    public async Task<IngestStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var storageDown = availability.Current.Reachable == false;
        var started = time.GetTimestamp();

        // Pending first, then failures, then the index: an image finishing in between is counted twice at worst,
        // never missed.
        var scan = storageDown
            ? backlog.Latest
            : await backlog.FreshAsync(settings.PendingMaxAge, StorageWait * 0.75, cancellationToken).ConfigureAwait(false);
        long? pending = scan is null ? null : backlog.Pending;
        var failures = (storageDown ? null : await ListFailuresAsync(StorageWait - time.GetElapsedTime(started), cancellationToken).ConfigureAwait(false))
            ?? scan?.Failures
            ?? [];
        var indexed = await index.CountAsync(cancellationToken).ConfigureAwait(false);
        return new IngestStatus(
            indexed,
            failures.Count,
            pending,
            failures.Count <= settings.MaxFailuresReported ? failures : [.. failures.Take(settings.MaxFailuresReported)],
            reindex.Progress,
            scan?.At,
            StorageStatus.From(availability.Current));
    }

    /// <summary>The failures now, or null when storage does not answer within <paramref name="wait"/>.</summary>
    private async Task<IReadOnlyList<IngestFailure>?> ListFailuresAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            return await ledger.ListAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
