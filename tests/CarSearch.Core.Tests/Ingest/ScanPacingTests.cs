using CarSearch.Core.Ingest;

namespace CarSearch.Core.Tests.Ingest;

/// <summary>The watcher's wait between scans: prompt while the container changes, cheap while it does not.</summary>
public sealed class ScanPacingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [Fact]
    public void AQuickScanOfASmallContainerWaitsTheConfiguredInterval()
    {
        Assert.Equal(Interval, ScanPacing.WaitAfter(Interval, TimeSpan.FromMilliseconds(80), foundWork: false));
    }

    /// <summary>100k blobs take about 9 s to list on Azurite: listing them every 2 s would keep a core busy forever.</summary>
    [Fact]
    public void AnIdleLargeContainerIsListedAtMostAFifthOfTheTime()
    {
        var scanTook = TimeSpan.FromSeconds(9);

        var wait = ScanPacing.WaitAfter(Interval, scanTook, foundWork: false);

        Assert.True(scanTook / (scanTook + wait) <= 0.2, $"waits {wait} after a {scanTook} scan");
        Assert.Equal(TimeSpan.FromSeconds(36), wait);
    }

    /// <summary>During a burst of uploads the next images are seen after the interval, however long listing takes.</summary>
    [Fact]
    public void AScanThatFoundWorkIsFollowedAfterTheInterval()
    {
        Assert.Equal(Interval, ScanPacing.WaitAfter(Interval, TimeSpan.FromSeconds(9), foundWork: true));
    }
}
