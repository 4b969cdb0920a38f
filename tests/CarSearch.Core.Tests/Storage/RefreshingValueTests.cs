using CarSearch.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace CarSearch.Core.Tests.Storage;

/// <summary>
/// A value the status reads from storage, never read yet while storage hangs: the first caller waits its wait once,
/// callers after it answer at once without a value, and the value arrives for the next caller when the read ends.
/// The clock is moved by hand.
/// </summary>
public sealed class RefreshingValueTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(400);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task WhileTheFirstReadHangsOnlyTheWaitAfterItBeganIsWaitedFor()
    {
        var hang = new TaskCompletionSource<string>();
        var reads = 0;
        var value = new RefreshingValue<string>(_ => { reads++; return hang.Task; }, _time);

        var first = value.GetAsync(TimeSpan.FromSeconds(5), Wait);
        Assert.False(first.IsCompleted, "the first caller waits a little for a value never read");
        _time.Advance(Wait);
        Assert.Null(await first.WaitAsync(TimeSpan.FromSeconds(10)));

        var second = value.GetAsync(TimeSpan.FromSeconds(5), Wait);
        Assert.True(second.IsCompleted, "a caller after the read outlasted the wait waited again");
        Assert.Null(await second);

        hang.SetResult("read");
        await AssertEventuallyAsync(async () => await value.GetAsync(TimeSpan.FromSeconds(5), Wait) == "read");
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task ACallerArrivingDuringTheWaitWaitsOnlyWhatIsLeftOfIt()
    {
        var hang = new TaskCompletionSource<string>();
        var value = new RefreshingValue<string>(_ => hang.Task, _time);

        var first = value.GetAsync(TimeSpan.FromSeconds(5), Wait);
        _time.Advance(Wait / 2);
        var second = value.GetAsync(TimeSpan.FromSeconds(5), Wait);
        Assert.False(second.IsCompleted);
        _time.Advance(Wait / 2);

        Assert.Null(await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await second.WaitAsync(TimeSpan.FromSeconds(10)));
        hang.SetResult("read");
    }

    private static async Task AssertEventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("The value read never reached a caller.");
    }
}
