using System.Diagnostics;

namespace CarSearch.Cli.Indexing;

/// <summary>
/// Progress for logs and pipes: a <see cref="ProgressLine"/> every <see cref="Interval"/> and one at the end, on
/// <paramref name="writer"/> (stderr, so stdout holds only the summary).
/// </summary>
public sealed class LineIndexProgress(TextWriter writer) : IIndexProgress
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public async Task<T> ShowAsync<T>(int total, Func<Action<IndexOutcome>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = 0;
        var clock = Stopwatch.StartNew();
        var timer = new PeriodicTimer(Interval);
        var ticking = Task.Run(async () =>
        {
            while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
            {
                await writer.WriteLineAsync(ProgressLine.Format(Volatile.Read(ref done), total, clock.Elapsed)).ConfigureAwait(false);
            }
        });
        try
        {
            return await work(_ => Interlocked.Increment(ref done)).ConfigureAwait(false);
        }
        finally
        {
            timer.Dispose();
            await ticking.ConfigureAwait(false);
            await writer.WriteLineAsync(ProgressLine.Format(done, total, clock.Elapsed)).ConfigureAwait(false);
        }
    }
}
