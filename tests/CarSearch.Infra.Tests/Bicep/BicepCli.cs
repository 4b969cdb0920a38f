using System.Diagnostics;
using System.Reflection;
using CarSearch.Tests;

namespace CarSearch.Infra.Tests.Bicep;

/// <summary>
/// The Bicep CLI from the NuGet cache: restoring this test project downloads it (a PackageDownload in the csproj,
/// which also fixes its version and path), so the tests need no network and no global install.
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Where restore put the executable (assembly metadata written by the csproj).</summary>
    public static string ExecutablePath { get; } =
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value
        ?? throw new InvalidOperationException("The test assembly does not say where the Bicep CLI is.");

    /// <summary>Compiles a .bicep file to ARM JSON on stdout; diagnostics (errors, warnings, linter findings) go to stderr.</summary>
    public static BicepBuild Build(string bicepFile)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is missing at {ExecutablePath}: run 'dotnet restore tests/CarSearch.Infra.Tests' " +
                "(its PackageDownload of Azure.Bicep.CommandLine.linux-x64 fetches it; linux-x64 only).");
        }

        var start = new ProcessStartInfo(ExecutablePath);
        start.ArgumentList.Add("build");
        start.ArgumentList.Add(bicepFile);
        start.ArgumentList.Add("--stdout");

        var run = ChildProcess.Run(start, Timeout, $"bicep build {bicepFile}");
        return new BicepBuild(run.ExitCode, run.Output, run.Errors);
    }
}

/// <summary>What <c>bicep build</c> produced: the compiled template and the diagnostics.</summary>
internal sealed record BicepBuild(int ExitCode, string Template, string Diagnostics);
