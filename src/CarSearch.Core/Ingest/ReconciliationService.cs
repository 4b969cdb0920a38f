using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CarSearch.Core.Ingest;

/// <summary>What one reconciliation did.</summary>
/// <param name="Added">Stored images that were missing from the index (or stale in it) and are now indexed.</param>
/// <param name="Removed">Documents whose image is gone, now removed.</param>
/// <param name="Unchanged">Stored images the index already reflected, or that failed already at their version.</param>
/// <param name="Failed">Stored images tried now and rejected, or given up.</param>
/// <param name="Pending">Images whose ingest failed this time and stays pending.</param>
public sealed record ReconciliationSummary(int Added, int Removed, int Unchanged, int Failed, int Pending = 0);

/// <summary>
/// Repairs drift between the image container and the index, both ways: a stored image the index does not reflect (an
/// upload or overwrite whose trigger never ran, an image given up long enough ago) is ingested, a document whose image
/// is gone is removed, failures of images gone or indexed since are forgotten. The Functions app runs it on a timer
/// and waits for it (<see cref="RunAsync"/>); <c>carsearch serve</c> runs it every few seconds without waiting for the
/// ingests (<see cref="ScanAndDispatchAsync"/>), which is how serve sees new images at all. Running it twice at once,
/// or on two instances, is harmless.
/// </summary>
public sealed class ReconciliationService(
    IngestBacklog backlog,
    IngestDispatcher queue,
    IngestService ingest,
    IIngestLedger ledger,
    ILogger<ReconciliationService>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<ReconciliationService>.Instance;

    /// <summary>Scans, then ingests every pending image and waits for them; throws when the scan cannot be made.</summary>
    public async Task<ReconciliationSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        var (scan, ingests, removed) = await ScanAndDispatchAsync(cancellationToken).ConfigureAwait(false);
        var outcomes = await Task.WhenAll(ingests).ConfigureAwait(false);
        int added = 0, failed = 0, alreadyThere = 0, stillPending = 0;
        foreach (var outcome in outcomes)
        {
            switch (outcome?.Result)
            {
                case IngestResult.Indexed:
                    added++;
                    break;
                case IngestResult.Rejected:
                    failed++;
                    break;
                case null:
                    stillPending++;
                    break;
                default:
                    // Indexed meanwhile by a trigger, or deleted meanwhile.
                    alreadyThere++;
                    break;
            }
        }

        var summary = new ReconciliationSummary(
            added, removed, (int)scan.Stored - scan.ToIngest.Count + alreadyThere, failed, stillPending);
        _logger.Reconciled(summary.Added, summary.Removed, summary.Unchanged, summary.Failed, summary.Pending);
        return summary;
    }

    /// <summary>
    /// Scans, hands every pending image to the <see cref="IngestDispatcher"/> (which runs each once however often it is
    /// handed over), removes documents of deleted images and forgets stale failures. Returns the ingests without
    /// waiting for them.
    /// </summary>
    public async Task<(ContainerScan Scan, IReadOnlyList<Task<IngestOutcome?>> Ingests, int Removed)> ScanAndDispatchAsync(
        CancellationToken cancellationToken = default)
    {
        var scan = await backlog.ScanAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var ingests = scan.ToIngest.Select(image => queue.Enqueue(image, cancellationToken)).ToList();

        var removed = 0;
        foreach (var orphan in scan.Orphans)
        {
            if (await ingest.RemoveDeletedAsync(orphan.Name, cancellationToken).ConfigureAwait(false))
            {
                removed++;
            }
        }

        foreach (var name in scan.StaleFailures)
        {
            await ledger.ClearAsync(name, cancellationToken).ConfigureAwait(false);
        }

        return (scan, ingests, removed);
    }
}
