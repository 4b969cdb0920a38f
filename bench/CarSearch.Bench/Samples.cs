using System.Globalization;

namespace CarSearch.Bench;

/// <summary>Repeated measurements of one quantity: the median is what a report quotes, the spread how far to trust it.</summary>
internal sealed class Samples(IEnumerable<double> values)
{
    private readonly double[] _sorted = [.. values.Order()];

    public int Count => _sorted.Length;

    public double Median => Percentile(50);

    public double Min => _sorted.Length == 0 ? double.NaN : _sorted[0];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    /// <summary>Nearest-rank percentile: the value at least <paramref name="percent"/> % of the samples do not exceed.</summary>
    public double Percentile(double percent)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    /// <summary>"median (min–max, n)" with <paramref name="format"/> digits.</summary>
    public string Describe(string format = "F1") =>
        string.Create(CultureInfo.InvariantCulture, $"{Median.ToString(format, CultureInfo.InvariantCulture)} ({Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)}, n={Count})");
}
