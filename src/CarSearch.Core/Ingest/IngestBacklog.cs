namespace CarSearch.Core.Ingest;

/// <summary>
/// The pending work as shared state tells it: the images the latest <see cref="ContainerScan"/> found stored but not
/// indexed or failed, less those this process has finished since that scan began. Every instance computes it from
/// the same container, index and failures, so every instance reports the same; an upload shows up as pending at the
/// next scan at the latest, and a finished one leaves at once.
/// </summary>
/// <remarks>
/// Scans are single-flight: a caller that asks while one runs waits for that one. Finished images are remembered only
/// while a scan runs (a scan that began before an image finished still lists it), so memory stays bounded by the work
/// of one scan.
/// </remarks>
public sealed class IngestBacklog(ContainerScanner scanner, TimeProvider? time = null)
{
    /// <summary>
    /// Longest a scan may take before it is abandoned, so a storage that hangs rather than refuses cannot hold back
    /// every later scan; far above what listing a large container takes.
    /// </summary>
    public static readonly TimeSpan ScanTimeout = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finishedDuringScan = new(StringComparer.Ordinal);
    private Task<ContainerScan>? _running;
    private ContainerScan? _latest;

    /// <summary>The latest completed scan; null before the first.</summary>
    public ContainerScan? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>Images stored and neither indexed nor failed, as of the latest scan, less those finished since.</summary>
    public long Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Scans now, or joins the scan that is running; throws what the scan throws.</summary>
    public Task<ContainerScan> ScanAsync()
    {
        lock (_gate)
        {
            if (_running is null)
            {
                _finishedDuringScan.Clear();
                _running = RunScanAsync();
            }

            return _running;
        }
    }

    /// <summary>
    /// The latest scan if it is younger than <paramref name="maxAge"/>; else a new one, waited for at most
    /// <paramref name="wait"/>, after which the older scan (or null) is returned and the new one finishes meanwhile.
    /// For status reads that must answer promptly even while storage hangs.
    /// </summary>
    public async Task<ContainerScan?> FreshAsync(TimeSpan maxAge, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var latest = Latest;
        if (latest is not null && _time.GetUtcNow() - latest.At <= maxAge)
        {
            return latest;
        }

        var scan = ScanAsync();
        try
        {
            return await scan.WaitAsync(wait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out or failed: the scan reported the outage; the caller answers from what it has.
            return Latest;
        }
    }

    /// <summary>An image was indexed, rejected, given up or found gone: it is no longer pending.</summary>
    public void Finished(string name)
    {
        lock (_gate)
        {
            _pending.Remove(name);
            if (_running is not null)
            {
                _finishedDuringScan.Add(name);
            }
        }
    }

    private async Task<ContainerScan> RunScanAsync()
    {
        try
        {
            // Off the caller's stack: the scan must not run inside the lock that starts it.
            using var timeout = new CancellationTokenSource(ScanTimeout, _time);
            var scan = await Task.Run(() => scanner.ScanAsync(timeout.Token), timeout.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _pending = new HashSet<string>(
                    scan.ToIngest.Select(image => image.Name).Where(name => !_finishedDuringScan.Contains(name)),
                    StringComparer.Ordinal);
                _latest = scan;
            }

            return scan;
        }
        finally
        {
            lock (_gate)
            {
                _running = null;
                _finishedDuringScan.Clear();
            }
        }
    }
}
