namespace CarSearch.Core.Ingest;

/// <summary>
/// What this process still has to do: ingests in flight (waiting for a slot, decoding, embedding, writing) and the
/// images the running reconciliation found missing and has not started yet. Feeds the status's <c>pending</c>.
/// </summary>
/// <remarks>
/// Per process, deliberately: counting uploads nobody has picked up yet would mean listing the whole container on
/// every status request. Such uploads show up within one reconciliation interval at the latest.
/// </remarks>
public sealed class IngestActivity
{
    private long _inFlight;
    private long _backlog;

    /// <summary>Ingests started and not finished.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Images the last reconciliation found missing from the index and has not started (yet).</summary>
    public long Backlog => Math.Max(0, Interlocked.Read(ref _backlog));

    public long Pending => InFlight + Backlog;

    /// <summary>Counts one ingest until the returned scope is disposed.</summary>
    public IDisposable BeginIngest()
    {
        Interlocked.Increment(ref _inFlight);
        return new Scope(this);
    }

    internal void ResetBacklog(long count) => Interlocked.Exchange(ref _backlog, count);

    internal void TakeFromBacklog() => Interlocked.Decrement(ref _backlog);

    private sealed class Scope(IngestActivity owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._inFlight);
            }
        }
    }
}
