using CarSearch.Core.Ingest;

namespace CarSearch.Core.Tests.Ingest;

/// <summary>The watcher's wait between scans: prompt while the container changes, cheap while it does not.</summary>
public sealed class ScanPacingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [Fact]
    public void AQuickScanOfASmallContainerWaitsTheConfiguredInterval()
    {
        Assert.Equal(Interval, new ScanPacing(Interval).WaitAfter(TimeSpan.FromMilliseconds(80), foundWork: false));
    }

    /// <summary>100k blobs take about 9 s to list on Azurite: listing them every 2 s would keep a core busy forever.</summary>
    [Fact]
    public void AnIdleLargeContainerIsListedAtMostAFifthOfTheTime()
    {
        var scanTook = TimeSpan.FromSeconds(9);

        var wait = new ScanPacing(Interval).WaitAfter(scanTook, foundWork: false);

        Assert.True(scanTook / (scanTook + wait) <= 0.2, $"waits {wait} after a {scanTook} scan");
        Assert.Equal(TimeSpan.FromSeconds(36), wait);
    }

    /// <summary>During a burst of uploads the next images are seen after the interval, however long listing takes.</summary>
    [Fact]
    public void AScanThatFoundWorkIsFollowedAfterTheInterval()
    {
        Assert.Equal(Interval, new ScanPacing(Interval).WaitAfter(TimeSpan.FromSeconds(9), foundWork: true));
    }

    /// <summary>
    /// Storage froze for 12 s in the middle of a scan that normally takes 0.9 s: the upload that follows the outage is
    /// seen within seconds, not after four times the stall (found by freezing Azurite under carsearch up).
    /// </summary>
    [Fact]
    public void AScanSlowedByAStorageStallDoesNotStretchTheWaitAfterIt()
    {
        var pacing = new ScanPacing(Interval);
        pacing.WaitAfter(TimeSpan.FromSeconds(0.9), foundWork: false);

        var wait = pacing.WaitAfter(TimeSpan.FromSeconds(12), foundWork: false);

        Assert.Equal(TimeSpan.FromSeconds(3.6), wait);
    }

    /// <summary>Azurite frozen twice a few seconds apart (found by hand): two stalled scans in a row.</summary>
    [Fact]
    public void TwoStalledScansInARowDoNotStretchTheWaitAfterThem()
    {
        var pacing = new ScanPacing(Interval);
        pacing.WaitAfter(TimeSpan.FromSeconds(0.9), foundWork: false);
        pacing.WaitAfter(TimeSpan.FromSeconds(70), foundWork: false);

        var wait = pacing.WaitAfter(TimeSpan.FromSeconds(25), foundWork: false);

        Assert.Equal(TimeSpan.FromSeconds(3.6), wait);
    }

    [Fact]
    public void AContainerThatHasGrownIsPacedByItsNewListingTimeFromItsThirdScan()
    {
        var pacing = new ScanPacing(Interval);
        pacing.WaitAfter(TimeSpan.FromSeconds(0.9), foundWork: false);
        pacing.WaitAfter(TimeSpan.FromSeconds(9), foundWork: false);

        var second = pacing.WaitAfter(TimeSpan.FromSeconds(9), foundWork: false);
        var third = pacing.WaitAfter(TimeSpan.FromSeconds(9), foundWork: false);

        Assert.Equal(TimeSpan.FromSeconds(3.6), second);
        Assert.Equal(TimeSpan.FromSeconds(36), third);
    }

    [Fact]
    public void AnUploadIntoAVeryLargeIdleContainerIsSeenWithinAMinute()
    {
        Assert.Equal(ScanPacing.MaxIdleWait, new ScanPacing(Interval).WaitAfter(TimeSpan.FromSeconds(90), foundWork: false));
        Assert.Equal(TimeSpan.FromMinutes(10), new ScanPacing(TimeSpan.FromMinutes(10)).WaitAfter(TimeSpan.FromSeconds(90), foundWork: false));
    }
}
