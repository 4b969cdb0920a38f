using System.Diagnostics;

namespace CarSearch.Cli.Tests;

/// <summary>Runs the built <c>carsearch</c> program as a separate process, as a user or script would.</summary>
internal static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static CliResult Run(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "carsearch.dll");
        Assert.True(File.Exists(program), $"The built CLI was not found at {program}.");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"carsearch {string.Join(' ', args)} did not finish within {Timeout}.");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
