using System.Runtime.InteropServices;

namespace CarSearch.Bench;

internal static class MachineDescription
{
    public static string Describe()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var cpu = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var avx512 = File.Exists(cpuInfo) && File.ReadLines(cpuInfo).Any(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Contains("avx512f", StringComparison.Ordinal));
        return $"{cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}{(avx512 ? " (AVX-512)" : "")}, {Environment.ProcessorCount} logical cores, " +
            $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }
}
