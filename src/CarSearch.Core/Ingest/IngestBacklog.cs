using CarSearch.Core.Storage;

namespace CarSearch.Core.Ingest;

/// <summary>
/// The pending work and the failures as shared state tells them: the latest <see cref="ContainerScan"/> of the
/// container, the index and the failures ledger, corrected by what this process has finished, rejected or given up
/// since that scan began. Every instance computes it from the same storage, so every instance reports the same; an
/// upload shows up as pending at the next scan at the latest, and a finished one leaves at once. Reading it costs no
/// storage call, so the status answers at once even while storage is down.
/// </summary>
/// <remarks>
/// Scans are single-flight: a caller that asks while one runs waits for that one. What finished is remembered only
/// while a scan runs (a scan that began before an image finished still lists it), and failures only until a scan that
/// lists them, so memory stays bounded by the work of one scan.
/// </remarks>
public sealed class IngestBacklog
{
    /// <summary>
    /// Longest a scan may take before it is abandoned, so a storage that hangs rather than refuses cannot hold back
    /// every later scan; far above what listing a large container takes.
    /// </summary>
    public static readonly TimeSpan ScanTimeout = TimeSpan.FromMinutes(5);

    private readonly ContainerScanner _scanner;
    private readonly RefreshingValue<ContainerScan> _scans;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _finishedDuringScan = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IngestFailure? Failure, long Scan)> _failuresSinceScan = new(StringComparer.Ordinal);
    private HashSet<string> _pending = new(StringComparer.Ordinal);
    private long _scan;

    public IngestBacklog(ContainerScanner scanner, TimeProvider? time = null)
    {
        _scanner = scanner;
        _scans = new RefreshingValue<ContainerScan>(ScanAndPublishAsync, time, ScanTimeout);
    }

    /// <summary>The latest completed scan; null before the first.</summary>
    public ContainerScan? Latest => _scans.Latest;

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

    /// <summary>
    /// The failures of the latest scan with this process's changes since: new ones first (newest first), cleared ones
    /// left out. Empty before the first scan.
    /// </summary>
    public IReadOnlyList<IngestFailure> Failures
    {
        get
        {
            var scanned = Latest?.Failures ?? [];
            lock (_gate)
            {
                var added = _failuresSinceScan.Values.Select(entry => entry.Failure).OfType<IngestFailure>().OrderByDescending(failure => failure.At);
                return [.. added, .. scanned.Where(failure => !_failuresSinceScan.ContainsKey(failure.Name))];
            }
        }
    }

    /// <summary>Scans now, or joins the scan that is running; throws what the scan throws.</summary>
    public Task<ContainerScan> ScanAsync() => _scans.ReadAsync();

    /// <summary>
    /// The latest scan if it is younger than <paramref name="maxAge"/>; else a new scan starts and the latest is
    /// returned at once, or, before the first scan ever, the new one waited for at most <paramref name="wait"/>.
    /// </summary>
    public Task<ContainerScan?> FreshAsync(TimeSpan maxAge, TimeSpan wait, CancellationToken cancellationToken = default) =>
        _scans.GetAsync(maxAge, wait, cancellationToken);

    /// <summary>An image was indexed, rejected, given up or found gone: it is no longer pending.</summary>
    public void Finished(string name)
    {
        lock (_gate)
        {
            _pending.Remove(name);
            if (_scans.IsReading)
            {
                _finishedDuringScan.Add(name);
            }
        }
    }

    /// <summary>This process recorded <paramref name="failure"/>: shown until a scan lists it.</summary>
    public void Failed(IngestFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_gate)
        {
            _failuresSinceScan[failure.Name] = (failure, _scan);
        }
    }

    /// <summary>This process cleared the failure of <paramref name="name"/>: left out until a scan no longer lists it.</summary>
    public void FailureCleared(string name)
    {
        lock (_gate)
        {
            _failuresSinceScan[name] = (null, _scan);
        }
    }

    private async Task<ContainerScan> ScanAndPublishAsync(CancellationToken cancellationToken)
    {
        long generation;
        lock (_gate)
        {
            _finishedDuringScan.Clear();
            generation = ++_scan;
        }

        var scan = await _scanner.ScanAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _pending = new HashSet<string>(
                scan.ToIngest.Select(image => image.Name).Where(name => !_finishedDuringScan.Contains(name)),
                StringComparer.Ordinal);
            _finishedDuringScan.Clear();

            // What this process changed before the scan began, the scan has; what it changed during it, maybe not.
            foreach (var (name, entry) in _failuresSinceScan.ToList())
            {
                if (entry.Scan < generation)
                {
                    _failuresSinceScan.Remove(name);
                }
            }
        }

        return scan;
    }
}
