using System.Diagnostics;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests;

/// <summary>Runs the built <c>carsearch</c> program as a separate process, as a user or script would.</summary>
internal static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static CliResult Run(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "carsearch.dll");
        Assert.True(File.Exists(program), $"The built CLI was not found at {program}.");

        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var run = ChildProcess.Run(start, Timeout, $"carsearch {string.Join(' ', args)}");
        return new CliResult(run.ExitCode, run.Output, run.Errors);
    }
}
