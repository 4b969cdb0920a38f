namespace CarSearch.Core.Storage;

/// <summary>
/// A value read from storage for routes that must answer at once whatever storage does (status, health): callers get
/// the last value read, and a value older than they accept starts one new read in the background. Only a caller with
/// no value at all waits, and then no longer than it says after the read began. One read at a time, however many
/// callers ask.
/// </summary>
public sealed class RefreshingValue<T>(Func<CancellationToken, Task<T>> read, TimeProvider? time = null, TimeSpan? readTimeout = null)
    where T : class
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _readTimeout = readTimeout ?? TimeSpan.FromMinutes(5);
    private readonly Lock _gate = new();
    private Task<T>? _reading;
    private long _readingStarted;
    private (T Value, long At)? _latest;

    /// <summary>Whether a read is under way.</summary>
    public bool IsReading
    {
        get
        {
            lock (_gate)
            {
                return _reading is not null;
            }
        }
    }

    /// <summary>The last value read, if any.</summary>
    public T? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest?.Value;
            }
        }
    }

    /// <summary>Reads now, or joins the read under way; throws what the read throws.</summary>
    public Task<T> ReadAsync() => Begin().Reading;

    /// <summary>
    /// The last value if it is younger than <paramref name="maxAge"/>. Otherwise a read starts (or goes on), and the
    /// last value is returned at once; with none yet, the read is waited for until <paramref name="wait"/> after it
    /// began (null when it takes longer or fails).
    /// </summary>
    public async Task<T?> GetAsync(TimeSpan maxAge, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        (T Value, long At)? latest;
        lock (_gate)
        {
            latest = _latest;
        }

        if (latest is { } known && _time.GetElapsedTime(known.At) <= maxAge)
        {
            return known.Value;
        }

        var (reading, started) = Begin();
        if (latest is { } stale)
        {
            return stale.Value;
        }

        return await SharedWorkWait.ForAsync(reading, started, wait, _time, cancellationToken).ConfigureAwait(false)
            && reading.IsCompletedSuccessfully
            ? await reading.ConfigureAwait(false)
            : null;
    }

    /// <summary>Forgets the last value, so the next caller reads (after a change this process made itself).</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _latest = null;
        }
    }

    /// <summary>The read under way, or a new one; and when it began.</summary>
    private (Task<T> Reading, long Started) Begin()
    {
        lock (_gate)
        {
            if (_reading is null)
            {
                _readingStarted = _time.GetTimestamp();
                _reading = RunAsync();
            }

            return (_reading, _readingStarted);
        }
    }

    private async Task<T> RunAsync()
    {
        try
        {
            // Off the caller's stack: the read must not run inside the lock that starts it.
            using var timeout = new CancellationTokenSource(_readTimeout, _time);
            var value = await Task.Run(() => read(timeout.Token), timeout.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _latest = (value, _time.GetTimestamp());
            }

            return value;
        }
        finally
        {
            lock (_gate)
            {
                _reading = null;
            }
        }
    }
}
