using CarSearch.Core.Storage;
using CarSearch.Tests;
using Microsoft.Extensions.Time.Testing;

namespace CarSearch.Core.Tests.Storage;

/// <summary>
/// What the status and health routes say of storage after a quiet spell: a storage that went away meanwhile is
/// reported by the first check, and a storage that hangs delays the checks by no more than one wait, after which they
/// say how old what they report is; during an outage they answer at once. The clock is moved by hand.
/// </summary>
public sealed class StorageAvailabilityTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(400);

    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryImageStore _store = new();
    private readonly StorageAvailability _availability;

    public StorageAvailabilityTests() => _availability = new StorageAvailability(_store, _time);

    [Fact]
    public async Task AStorageThatWentAwayDuringAQuietSpellIsReportedByTheFirstCheckAfterIt()
    {
        Assert.Equal(true, (await CheckAsync()).Reachable);

        _store.Outage = new StorageUnavailableException("Connection refused (127.0.0.1:10000)");
        _time.Advance(StorageAvailability.ReportMaxAge + TimeSpan.FromSeconds(1));
        var after = await CheckAsync();

        Assert.Equal(false, after.Reachable);
        Assert.Equal("Connection refused (127.0.0.1:10000)", after.Problem);
        Assert.Equal(_time.GetUtcNow(), after.CheckedAt);
    }

    [Fact]
    public async Task ACheckWhileStorageHangsAnswersWithinItsWaitWithWhatWasKnownAndWhen()
    {
        await CheckAsync();
        var knownAt = _time.GetUtcNow();
        var stall = new TaskCompletionSource();
        _store.Stall = stall.Task;
        _time.Advance(StorageAvailability.ReportMaxAge + TimeSpan.FromSeconds(1));

        var check = CheckAsync();
        Assert.False(check.IsCompleted);
        _time.Advance(Wait);
        var meanwhile = await check.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(true, meanwhile.Reachable);
        Assert.Equal(knownAt, meanwhile.CheckedAt);

        // The probe has been asking for longer than the wait: a check now (a status polled again) does not wait again.
        var again = CheckAsync();
        Assert.True(again.IsCompleted, "a check while a probe had already outlasted the wait waited for it again");
        Assert.Equal(knownAt, (await again).CheckedAt);

        // The probe goes on, and counts storage unreachable at its own timeout.
        await AdvanceUntilAsync(() => _availability.Current.Reachable == false);
        Assert.Equal(false, (await CheckAsync()).Reachable);
        stall.SetResult();
    }

    [Fact]
    public async Task ACheckDuringAnOutageAnswersAtOnceAndTheProbeItStartsReportsStorageBack()
    {
        _store.Outage = new StorageUnavailableException("Connection refused (127.0.0.1:10000)");
        Assert.Equal(false, (await CheckAsync()).Reachable);
        var knownAt = _time.GetUtcNow();

        // A stopped storage is retried by the SDK until the probe's timeout: a status polled through an outage must
        // not wait for each new probe. Here the probe hangs, so only not waiting answers at once.
        var stall = new TaskCompletionSource();
        _store.Stall = stall.Task;
        _time.Advance(StorageAvailability.ReportMaxAge + TimeSpan.FromSeconds(1));
        var during = CheckAsync();
        Assert.True(during.IsCompleted, "a check while storage was known to be down waited for the probe");
        Assert.Equal((false, knownAt), ((await during).Reachable, (await during).CheckedAt));

        // Storage comes back while that probe asks: it reports so when it ends, and the next check says so.
        _store.Outage = null;
        stall.SetResult();
        await AdvanceUntilAsync(() => _availability.Current.Reachable == true);
        Assert.Equal(true, (await CheckAsync()).Reachable);
    }

    private Task<StorageState> CheckAsync() => _availability.CheckAsync(StorageAvailability.ReportMaxAge, Wait);

    /// <summary>Moves the clock a little at a time (the probe's timer is set on another thread) until the condition holds.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition)
    {
        for (var step = 0; step < 200 && !condition(); step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }

        Assert.True(condition(), "The probe never reported what storage did.");
    }
}
