using CarSearch.Core.Index;
using CarSearch.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest;

/// <summary>What one reconciliation did.</summary>
/// <param name="Added">Stored images that were missing from the index and are now indexed.</param>
/// <param name="Removed">Documents whose blob is gone, now removed.</param>
/// <param name="Unchanged">Stored images already indexed, or failed already with the same upload (not retried).</param>
/// <param name="Failed">Stored images tried now and rejected (recorded in the failures).</param>
public sealed record ReconciliationSummary(int Added, int Removed, int Unchanged, int Failed);

/// <summary>
/// Repairs drift between the blob container and the index, both ways: an upload whose trigger never ran is
/// ingested, a document whose blob was deleted while no delete event arrived is removed. Hosts run it on a timer
/// (Functions) or an interval (<c>carsearch serve</c>); running it twice at once, or on two instances, is harmless.
/// </summary>
public sealed class ReconciliationService
{
    private readonly IImageStore _store;
    private readonly IVectorIndex _index;
    private readonly IIngestLedger _ledger;
    private readonly IngestService _ingest;
    private readonly IngestActivity _activity;
    private readonly int _parallelism;
    private readonly ILogger _logger;

    public ReconciliationService(
        IImageStore store,
        IVectorIndex index,
        IIngestLedger ledger,
        IngestService ingest,
        IngestActivity activity,
        IOptions<IngestOptions> options,
        ILogger<ReconciliationService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _index = index;
        _ledger = ledger;
        _ingest = ingest;
        _activity = activity;
        _parallelism = options.Value.MaxConcurrentIngests;
        _logger = logger ?? NullLogger<ReconciliationService>.Instance;
    }

    /// <summary>
    /// Lists the index and the container, ingests what is stored but not indexed (unless it already failed with
    /// the same upload), removes what is indexed but not stored, and forgets failures of images that are gone.
    /// A storage or index failure throws; the next run picks up where this one stopped.
    /// </summary>
    public async Task<ReconciliationSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        // The index first: a document written after this listing cannot be mistaken for one whose blob is gone,
        // because its blob was stored before the container is listed below.
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var id in _index.GetIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            indexed.Add(id);
        }

        var failures = new Dictionary<string, IngestFailure>(StringComparer.Ordinal);
        foreach (var failure in await _ledger.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            failures.TryAdd(failure.Name, failure);
        }

        var storedIds = new HashSet<string>(StringComparer.Ordinal);
        var storedNames = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        var unchanged = 0;
        await foreach (var image in _store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = DocumentId.FromName(image.Name);
            storedIds.Add(id);
            storedNames.Add(image.Name);
            if (indexed.Contains(id) || FailedSinceLastUpload(image, failures))
            {
                unchanged++;
            }
            else
            {
                missing.Add(image.Name);
            }
        }

        var (added, failed, alreadyThere) = await IngestMissingAsync(missing, cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var id in indexed)
        {
            if (!storedIds.Contains(id) && await _index.DeleteAsync(id, cancellationToken).ConfigureAwait(false))
            {
                removed++;
            }
        }

        foreach (var name in failures.Keys)
        {
            if (!storedNames.Contains(name))
            {
                await _ledger.ClearAsync(name, cancellationToken).ConfigureAwait(false);
            }
        }

        var summary = new ReconciliationSummary(added, removed, unchanged + alreadyThere, failed);
        _logger.Reconciled(summary.Added, summary.Removed, summary.Unchanged, summary.Failed);
        return summary;
    }

    /// <summary>
    /// An image that failed after its last upload would fail the same way again. Both times come from the storage
    /// service's clock (see <see cref="IIngestLedger"/>), so they compare safely.
    /// </summary>
    private static bool FailedSinceLastUpload(StoredImageInfo image, Dictionary<string, IngestFailure> failures) =>
        failures.TryGetValue(image.Name, out var failure) && failure.At >= image.LastModified;

    /// <summary>Several at once, so the ingests share model runs; the status counts the rest as pending.</summary>
    private async Task<(int Added, int Failed, int AlreadyThere)> IngestMissingAsync(
        List<string> names, CancellationToken cancellationToken)
    {
        int added = 0, failed = 0, alreadyThere = 0;

        // Replaces what an earlier run left: a run stopped by an error leaves its unstarted images counted as
        // pending until the next run lists the container again.
        _activity.ResetBacklog(names.Count);
        await Parallel.ForEachAsync(
            names,
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (name, token) =>
            {
                _activity.TakeFromBacklog();
                var outcome = await _ingest.IngestStoredAsync(name, force: false, token).ConfigureAwait(false);
                switch (outcome.Result)
                {
                    case IngestResult.Indexed:
                        Interlocked.Increment(ref added);
                        break;
                    case IngestResult.Rejected:
                        Interlocked.Increment(ref failed);
                        break;
                    default:
                        // Indexed by its trigger meanwhile, or deleted meanwhile.
                        Interlocked.Increment(ref alreadyThere);
                        break;
                }
            }).ConfigureAwait(false);

        return (added, failed, alreadyThere);
    }
}
