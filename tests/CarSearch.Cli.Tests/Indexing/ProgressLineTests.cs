using CarSearch.Cli.Indexing;

namespace CarSearch.Cli.Tests.Indexing;

public class ProgressLineTests
{
    [Fact]
    public void SaysCountShareRateAndTimeLeftAtThatRate()
    {
        var line = ProgressLine.Format(done: 250, total: 1000, elapsed: TimeSpan.FromSeconds(10));

        Assert.Equal("250/1000 files (25%), 25.0 files/s, about 30 s left", line);
    }

    [Fact]
    public void SaysHowLongItTookOnceDone()
    {
        Assert.Equal("40/40 files (100%) in 8.0 s, 5.0 files/s", ProgressLine.Format(40, 40, TimeSpan.FromSeconds(8)));
    }

    [Fact]
    public void BeforeTheFirstFileThereIsNoRateToSpeakOf()
    {
        Assert.Equal("0/10000 files (0%)", ProgressLine.Format(0, 10_000, TimeSpan.FromSeconds(3)));
    }

    [Theory]
    [InlineData(4.2, "4.2 s")]
    [InlineData(35.4, "35 s")]
    [InlineData(75, "1:15")]
    [InlineData(3725, "1:02:05")]
    public void DurationsReadNaturallyAtEveryScale(double seconds, string expected)
    {
        Assert.Equal(expected, ProgressLine.Duration(TimeSpan.FromSeconds(seconds)));
    }
}
