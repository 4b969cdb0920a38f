using System.Globalization;

namespace CarSearch.Bench;

/// <summary>The 1-minute load average: the machine is shared, so the report says how busy it was in each phase.</summary>
internal static class MachineLoad
{
    public static double OneMinute() =>
        File.Exists("/proc/loadavg")
            ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture)
            : double.NaN;
}
