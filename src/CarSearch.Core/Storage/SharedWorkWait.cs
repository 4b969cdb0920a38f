namespace CarSearch.Core.Storage;

/// <summary>
/// How a caller waits for storage work that many callers share (one probe, one read at a time): until a wait after
/// the work began, not after each caller. Work unanswered that long already says storage is slow, so while it hangs,
/// callers polling a status answer at once instead of each sleeping the wait again.
/// </summary>
internal static class SharedWorkWait
{
    /// <summary>
    /// Waits for <paramref name="work"/>, begun at timestamp <paramref name="started"/>, until <paramref name="wait"/>
    /// after that; returns whether it has ended (done or failed; its outcome is the caller's to read).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<bool> ForAsync(Task work, long started, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        var left = wait - time.GetElapsedTime(started);
        if (left > TimeSpan.Zero && !work.IsCompleted)
        {
            try
            {
                await work.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Out of time, or the work failed: either way the caller answers with what it knows.
            }
        }

        return work.IsCompleted;
    }
}
