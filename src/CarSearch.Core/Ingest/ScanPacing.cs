namespace CarSearch.Core.Ingest;

/// <summary>
/// How long <see cref="ContainerWatcher"/> waits before its next scan. A scan lists the whole container, and a listing
/// costs time in proportion to the container (0.9 s for 9,200 blobs on Azurite, most of it storage's CPU, on the same
/// cores as search on a laptop). While uploads or deletes keep coming the watcher scans every
/// <see cref="IngestOptions.ReconciliationInterval"/>; once a scan finds nothing to do it waits at least
/// <see cref="IdleWaitPerScanTime"/> times as long as a listing takes, so an idle container is listed at most a fifth of
/// the time whatever its size, and never waits more than <see cref="MaxIdleWait"/>. A listing takes the shortest of the
/// last <see cref="ScansCompared"/> scans: scans slowed by a storage stall (each waited out a frozen storage) do not
/// stretch the waits after them, while a container that has grown is paced by its new size from its third scan on.
/// </summary>
public sealed class ScanPacing(TimeSpan interval)
{
    /// <summary>Idle waits are at least this many times a listing's duration.</summary>
    public const int IdleWaitPerScanTime = 4;

    /// <summary>Longest idle wait (unless the configured interval is longer): how late an upload into a very large idle container may be seen.</summary>
    public static readonly TimeSpan MaxIdleWait = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Scans whose shortest is taken as a listing's time. Two were not enough: freezing Azurite twice a few seconds
    /// apart stalled two scans in a row, and the upload after it waited a minute.
    /// </summary>
    public const int ScansCompared = 3;

    private readonly Queue<TimeSpan> _recentScans = new(ScansCompared);

    /// <param name="scanTook">How long the scan that just ended took.</param>
    /// <param name="foundWork">Whether it found images to ingest or documents to remove.</param>
    public TimeSpan WaitAfter(TimeSpan scanTook, bool foundWork)
    {
        if (_recentScans.Count == ScansCompared)
        {
            _recentScans.Dequeue();
        }

        _recentScans.Enqueue(scanTook);
        var listing = _recentScans.Min();
        if (foundWork)
        {
            return interval;
        }

        // Never below the interval; never above a minute, unless the interval itself is longer.
        var idle = listing * IdleWaitPerScanTime;
        return TimeSpan.FromTicks(Math.Clamp(idle.Ticks, interval.Ticks, Math.Max(interval.Ticks, MaxIdleWait.Ticks)));
    }
}
