using System.Globalization;

namespace CarSearch.Core.Storage;

/// <summary>
/// A storage call that must answer in time. A storage that refuses connections fails at once, but one that accepts them
/// and never answers (a frozen Azurite, a stalled proxy) only fails at the SDK's network timeout, on every retry. Past
/// the deadline the call fails with a <see cref="TimeoutException"/> ("No answer within 3 s."), which
/// <c>StorageErrors</c> classifies as unreachable, like a refused connection.
/// </summary>
public static class StorageDeadline
{
    /// <summary>
    /// Runs <paramref name="call"/> with a token cancelled at <paramref name="timeout"/> or with
    /// <paramref name="cancellationToken"/>; the caller's cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    public static async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> call, TimeSpan timeout, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var deadline = new CancellationTokenSource(timeout, time ?? TimeProvider.System);
        return await RunUntilAsync(deadline, call, $"No answer within {Seconds(timeout)} s.", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="call"/>, which reports every sign of life (bytes sent, a step done) to the
    /// <see cref="IProgress{T}"/> it is given, with a token cancelled once <paramref name="stall"/> passes without one.
    /// Unlike a deadline, this never cuts a slow upload that keeps moving (a large photo on a thin uplink, shared by
    /// parallel uploads), yet notices in <paramref name="stall"/> a storage that stopped answering mid-run.
    /// </summary>
    /// <exception cref="TimeoutException">Nothing moved for <paramref name="stall"/>.</exception>
    public static async Task<T> RunWhileProgressingAsync<T>(
        Func<CancellationToken, IProgress<long>, Task<T>> call, TimeSpan stall, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var quiet = new CancellationTokenSource(stall, time ?? TimeProvider.System);
        var progress = new Restarts(quiet, stall);
        return await RunUntilAsync(quiet, token => call(token, progress), $"No progress for {Seconds(stall)} s.", cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task<T> RunUntilAsync<T>(
        CancellationTokenSource expiry, Func<CancellationToken, Task<T>> call, string expired, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            return await call(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(expired);
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Each report starts the quiet period again; once it has run out, reports change nothing.</summary>
    private sealed class Restarts(CancellationTokenSource quiet, TimeSpan stall) : IProgress<long>
    {
        public void Report(long value)
        {
            try
            {
                quiet.CancelAfter(stall);
            }
            catch (ObjectDisposedException)
            {
                // A report arriving after the call ended (the SDK may report from its own thread).
            }
        }
    }
}
