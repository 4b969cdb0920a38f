using System.Globalization;

namespace CarSearch.Cli.Indexing;

/// <summary>One plain progress line: count, share, rate and the time left at that rate.</summary>
public static class ProgressLine
{
    public static string Format(int done, int total, TimeSpan elapsed)
    {
        var percent = total == 0 ? 100 : 100 * done / total;
        var line = string.Create(CultureInfo.InvariantCulture, $"{done}/{total} files ({percent}%)");
        if (done == 0 || elapsed <= TimeSpan.Zero)
        {
            return line;
        }

        var rate = done / elapsed.TotalSeconds;
        return done >= total
            ? string.Create(CultureInfo.InvariantCulture, $"{line} in {Duration(elapsed)}, {rate:0.0} files/s")
            : string.Create(CultureInfo.InvariantCulture, $"{line}, {rate:0.0} files/s, about {Duration(TimeSpan.FromSeconds((total - done) / rate))} left");
    }

    /// <summary>Seconds (with a tenth under ten: <c>4.2 s</c>, <c>35 s</c>), then <c>m:ss</c>, then <c>h:mm:ss</c>.</summary>
    public static string Duration(TimeSpan duration) =>
        duration < TimeSpan.FromMinutes(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds.ToString(duration < TimeSpan.FromSeconds(10) ? "0.0" : "0", CultureInfo.InvariantCulture)} s")
            : duration.ToString(duration >= TimeSpan.FromHours(1) ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
}
