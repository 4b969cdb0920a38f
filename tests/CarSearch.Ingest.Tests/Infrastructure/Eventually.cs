namespace CarSearch.Ingest.Tests.Infrastructure;

/// <summary>Waits for a condition with a generous deadline instead of asserting on timing.</summary>
public static class Eventually
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"Still not true after {Deadline.TotalSeconds:0} s: {what}.");
            }

            await Task.Delay(Poll);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what) => TrueAsync(() => Task.FromResult(condition()), what);
}
