using CarSearch.Core.Index;
using CarSearch.Core.Storage;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest;

/// <summary>
/// Compares the container with the index and the failures (<see cref="ContainerScan"/>): one listing of each, no image
/// read. An image is reflected by the index when its document was made from the version now stored
/// (<see cref="ImageDocument.SourceVersion"/>); it has failed when the failure names that version. Storage calls
/// report to <see cref="StorageAvailability"/>, so an outage is noticed by whoever scans.
/// </summary>
public sealed class ContainerScanner(
    IImageStore store,
    IVectorIndex index,
    IIngestLedger ledger,
    StorageAvailability availability,
    IOptions<IngestOptions> options,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Lists the index, then the failures, then the container; throws when any of them cannot be read.</summary>
    public async Task<ContainerScan> ScanAsync(CancellationToken cancellationToken = default)
    {
        var at = _time.GetUtcNow();

        // The index first: a document written after this listing cannot be taken for one whose image is gone,
        // because its image was stored before the container is listed below.
        var indexed = new Dictionary<string, IndexEntry>(StringComparer.Ordinal);
        await foreach (var entry in index.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            indexed[entry.Id] = entry;
        }

        var (failures, stored) = await ReadStorageAsync(cancellationToken).ConfigureAwait(false);
        var failuresByName = new Dictionary<string, IngestFailure>(StringComparer.Ordinal);
        foreach (var failure in failures)
        {
            failuresByName.TryAdd(failure.Name, failure);
        }

        var toIngest = new List<ListedImage>();
        var stale = new List<string>();
        var storedIds = new HashSet<string>(StringComparer.Ordinal);
        var storedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in stored)
        {
            var id = DocumentId.FromName(image.Name);
            storedIds.Add(id);
            storedNames.Add(image.Name);
            failuresByName.TryGetValue(image.Name, out var failure);
            var current = indexed.TryGetValue(id, out var entry) && entry.SourceVersion == image.Version;
            if (current)
            {
                if (failure is not null)
                {
                    stale.Add(image.Name);
                }
            }
            else if (failure is null || !FailedAt(image, failure) || MayRetry(failure, at))
            {
                toIngest.Add(new ListedImage(image, failure));
            }
        }

        var orphans = indexed.Values.Where(entry => !storedIds.Contains(entry.Id)).ToList();
        stale.AddRange(failuresByName.Keys.Where(name => !storedNames.Contains(name)));
        return new ContainerScan(at, stored.Count, toIngest, orphans, failures, stale);
    }

    /// <summary>
    /// Whether <paramref name="failure"/> is of the version stored now. Failures recorded before versions were kept
    /// compare times instead, both from the storage service's clock (see <see cref="IIngestLedger"/>).
    /// </summary>
    public static bool FailedAt(StoredImageInfo image, IngestFailure failure) =>
        failure.Version is { } version ? version == image.Version : failure.At >= image.LastModified;

    private bool MayRetry(IngestFailure failure, DateTimeOffset now) =>
        failure.Kind == IngestFailureKind.GaveUp && now - failure.At >= options.Value.RetryGaveUpAfter;

    private async Task<(IReadOnlyList<IngestFailure> Failures, List<StoredImageInfo> Stored)> ReadStorageAsync(
        CancellationToken cancellationToken)
    {
        try
        {
            var failures = await ledger.ListAsync(cancellationToken).ConfigureAwait(false);
            var stored = new List<StoredImageInfo>();
            await foreach (var image in store.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add(image);
            }

            availability.ReportReachable();
            return (failures, stored);
        }
        catch (Exception error)
        {
            availability.ReportUnreachable(error);
            throw;
        }
    }
}
