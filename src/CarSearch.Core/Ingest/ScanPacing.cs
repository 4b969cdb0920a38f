namespace CarSearch.Core.Ingest;

/// <summary>
/// How long <see cref="ContainerWatcher"/> waits before its next scan. A scan lists the whole container, and a listing
/// costs time in proportion to the container (0.9 s for 9,200 blobs on Azurite, most of it storage's CPU, on the same
/// cores as search on a laptop). While uploads or deletes keep coming the watcher scans every
/// <see cref="IngestOptions.ReconciliationInterval"/>; once a scan finds nothing to do it waits at least
/// <see cref="IdleWaitPerScanTime"/> times as long as that scan took, so an idle container is listed at most a fifth of
/// the time whatever its size, and the next upload is still seen within about five listings' time.
/// </summary>
public static class ScanPacing
{
    /// <summary>Idle waits are at least this many times the last scan's duration.</summary>
    public const int IdleWaitPerScanTime = 4;

    /// <param name="interval">The configured <see cref="IngestOptions.ReconciliationInterval"/>.</param>
    /// <param name="scanTook">How long the scan that just ended took.</param>
    /// <param name="foundWork">Whether it found images to ingest or documents to remove.</param>
    public static TimeSpan WaitAfter(TimeSpan interval, TimeSpan scanTook, bool foundWork)
    {
        var idle = scanTook * IdleWaitPerScanTime;
        return foundWork || idle <= interval ? interval : idle;
    }
}
