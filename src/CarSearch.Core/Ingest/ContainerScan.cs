using CarSearch.Core.Storage;

namespace CarSearch.Core.Ingest;

/// <summary>
/// One comparison of the image container with the index and the failures (<see cref="ContainerScanner"/>): what is
/// stored but not reflected by the index, what the index holds of images that are gone, and which failures are stale.
/// </summary>
/// <param name="At">When the scan started (the app's clock).</param>
/// <param name="Stored">Images in the container.</param>
/// <param name="ToIngest">
/// Stored images the index does not hold at their current version and that have not failed at it (or that were given
/// up long enough ago to try again): the pending work.
/// </param>
/// <param name="Orphans">Documents whose image is no longer stored.</param>
/// <param name="Failures">Every failure kept, newest first, as the ledger listed it.</param>
/// <param name="StaleFailures">Failures of images that are gone or indexed since: to forget.</param>
public sealed record ContainerScan(
    DateTimeOffset At,
    long Stored,
    IReadOnlyList<ListedImage> ToIngest,
    IReadOnlyList<Index.IndexEntry> Orphans,
    IReadOnlyList<IngestFailure> Failures,
    IReadOnlyList<string> StaleFailures);

/// <summary>A stored image as a listing saw it, with the failure recorded for its name, if any.</summary>
public sealed record ListedImage(StoredImageInfo Info, IngestFailure? Failure = null)
{
    public string Name => Info.Name;
}
