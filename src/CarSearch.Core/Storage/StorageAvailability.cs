using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CarSearch.Core.Storage;

/// <summary>
/// Whether the image storage answered the last time anything asked it, for the health and status routes (which must
/// answer at once during an outage rather than wait for storage) and for one log line when it goes away and one when
/// it comes back, however many calls fail in between. One per process.
/// </summary>
public sealed class StorageAvailability(IImageStore store, TimeProvider? time = null, ILogger<StorageAvailability>? logger = null)
{
    /// <summary>Longest problem description kept: enough for "Connection refused (127.0.0.1:10000)" and the like.</summary>
    private const int MaxProblemLength = 300;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<StorageAvailability>.Instance;
    private readonly Lock _gate = new();
    private StorageState _state = StorageState.Unknown;
    private Task? _probe;
    private long _probeStarted;

    /// <summary>What is known now; <see cref="StorageState.CheckedAt"/> says how fresh it is.</summary>
    public StorageState Current
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>
    /// What is known. When that is older than <paramref name="maxAge"/>, storage is asked (the cheapest call, one at a
    /// time). While storage is known to be reachable (or nothing is known yet), the answer is waited for until
    /// <paramref name="wait"/> after the probe began: a storage that went away during a quiet spell is reported by the
    /// first check after it, not one check late, while a storage that hangs delays the checks by no more than the
    /// wait, once (the probe goes on in the background, checks made while it does answer at once, and what was known
    /// is returned with when it was known). While storage is known to be unreachable, nothing is waited for: a check
    /// during an outage answers at once, and storage coming back is reported when the probe it started ends (by the
    /// next check) or as soon as any other call to storage succeeds. A storage that does not answer within
    /// <see cref="ProbeTimeout"/> counts as unreachable.
    /// </summary>
    public async Task<StorageState> CheckAsync(TimeSpan maxAge, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var known = Current;
        if (known.CheckedAt is { } checkedAt && _time.GetUtcNow() - checkedAt <= maxAge)
        {
            return known;
        }

        Task probe;
        long probeStarted;
        lock (_gate)
        {
            if (_probe is null)
            {
                _probeStarted = _time.GetTimestamp();
                _probe = Task.Run(ProbeAsync, CancellationToken.None);
            }

            (probe, probeStarted) = (_probe, _probeStarted);
        }

        // Known to be down, the caller answers at once: each probe of a stopped storage retries until its timeout,
        // and a status polled through an outage would otherwise wait for every one of them.
        if (known.Reachable == false)
        {
            return known;
        }

        // Still asking after that: the caller answers with what is known, and the probe reports when it ends.
        await SharedWorkWait.ForAsync(probe, probeStarted, wait, _time, cancellationToken).ConfigureAwait(false);
        return Current;
    }

    /// <summary>How long a probe waits for storage before it counts as unreachable: a storage that hangs is down too.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How old what is known may be when the health and status routes report it; older, they ask storage again. Other
    /// calls keep it fresh while storage answers or refuses, but a storage that accepts connections and never answers
    /// fails them only at the SDK's network timeout (100 s): without asking, such a storage would read as "ok" that
    /// long. Asked, it is reported unreachable within this plus <see cref="ProbeTimeout"/>.
    /// </summary>
    public static readonly TimeSpan ReportMaxAge = TimeSpan.FromSeconds(5);

    /// <summary>A call to storage succeeded.</summary>
    public void ReportReachable()
    {
        var now = _time.GetUtcNow();
        StorageState before;
        lock (_gate)
        {
            before = _state;
            _state = new StorageState(Reachable: true, Since: before.Reachable == true ? before.Since : now, now, Problem: null);
        }

        if (before.Reachable == false)
        {
            _logger.StorageBack((now - before.Since!.Value).TotalSeconds);
        }
    }

    /// <summary>A call to storage failed in a way that says storage cannot be reached (not a missing blob).</summary>
    public void ReportUnreachable(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var now = _time.GetUtcNow();
        var problem = Describe(error);
        StorageState before;
        lock (_gate)
        {
            before = _state;
            // The first problem of an outage is the telling one ("Connection refused"); later ones are often timeouts.
            _state = before.Reachable == false
                ? before with { CheckedAt = now }
                : new StorageState(Reachable: false, Since: now, now, problem);
        }

        if (before.Reachable != false)
        {
            _logger.StorageUnreachable(problem);
        }
    }

    private async Task ProbeAsync()
    {
        try
        {
            try
            {
                await StorageDeadline.RunAsync(store.ExistsAsync, ProbeTimeout, time: _time).ConfigureAwait(false);
                ReportReachable();
            }
            catch (Exception error)
            {
                ReportUnreachable(error);
            }
        }
        finally
        {
            lock (_gate)
            {
                _probe = null;
            }
        }
    }

    /// <summary>
    /// The innermost message on one line: the transport's own words ("Connection refused (127.0.0.1:10000)") rather
    /// than the SDK's retry summary, with any key or signature masked, since it is logged and shown by the status.
    /// </summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var innermost = error;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        var message = StorageSecrets.Mask(innermost.Message.ReplaceLineEndings(" ").Trim());
        return message.Length <= MaxProblemLength ? message : message[..MaxProblemLength] + "…";
    }
}

/// <summary>What <see cref="StorageAvailability"/> knows.</summary>
/// <param name="Reachable">Null until storage was first asked.</param>
/// <param name="Since">When it last changed between reachable and unreachable.</param>
/// <param name="CheckedAt">When storage was last asked.</param>
/// <param name="Problem">Why it is unreachable; null when it is reachable.</param>
public sealed record StorageState(bool? Reachable, DateTimeOffset? Since, DateTimeOffset? CheckedAt, string? Problem)
{
    public static StorageState Unknown { get; } = new(null, null, null, null);
}
