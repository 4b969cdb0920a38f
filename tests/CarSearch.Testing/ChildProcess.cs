using System.Diagnostics;

namespace CarSearch.Tests;

/// <summary>
/// Runs a program to its end as a child process, reading both its streams while it runs (so a full pipe never stalls
/// it) and killing it with its own children if it outlives <c>timeout</c>.
/// </summary>
public static class ChildProcess
{
    /// <param name="start">The program, its arguments, folder and environment; output is always redirected.</param>
    /// <param name="timeout">How long it may take before the test fails with a <see cref="TimeoutException"/>.</param>
    /// <param name="name">What to call it in that failure, e.g. the command line a reader would type.</param>
    public static ChildProcessResult Run(ProcessStartInfo start, TimeSpan timeout, string name)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} did not finish within {timeout}: {output.Result}{errors.Result}");
        }

        return new ChildProcessResult(process.ExitCode, output.Result, errors.Result);
    }
}

/// <summary>How a child process ended and what it wrote to each stream.</summary>
public sealed record ChildProcessResult(int ExitCode, string Output, string Errors);
