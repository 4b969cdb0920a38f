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
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await call(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"No answer within {timeout.TotalSeconds:0} s."));
        }
    }
}
