using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CarSearch.Cli.Up;

/// <summary>Runs the programs <c>carsearch up</c> needs (npm, Azurite, the model download) with their output in ours.</summary>
internal static partial class ChildProcess
{
    private const int SigTerm = 15;

    /// <summary>
    /// Starts <paramref name="file"/>, copying each line it prints to <paramref name="output"/> (after
    /// <paramref name="linePrefix"/>, which says whose line it is); null when the program is not installed.
    /// </summary>
    public static Process? TryStart(
        string file, IEnumerable<string> arguments, string workingDirectory, TextWriter output, string linePrefix = "")
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception)
        {
            // Not on PATH (npm without Node.js) or not executable.
            return null;
        }

        if (process is null)
        {
            return null;
        }

        // The output is synchronized (CarSearchCli wraps it), so the two streams' lines interleave whole.
        process.OutputDataReceived += (_, line) => WriteLine(output, linePrefix, line.Data);
        process.ErrorDataReceived += (_, line) => WriteLine(output, linePrefix, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a program to its end; its exit code, or null when it is not installed.</summary>
    public static async Task<int?> RunAsync(
        string file, IEnumerable<string> arguments, string workingDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        using var process = TryStart(file, arguments, workingDirectory, output);
        if (process is null)
        {
            return null;
        }

        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM, so a server such as Azurite saves its state and closes cleanly) unless
    /// <paramref name="alreadyStopping"/>, and kills it when it has not exited within <paramref name="grace"/>.
    /// </summary>
    public static async Task StopAsync(Process process, TimeSpan grace, bool alreadyStopping = false)
    {
        if (process.HasExited)
        {
            return;
        }

        if (!alreadyStopping && !OperatingSystem.IsWindows())
        {
            _ = Kill(process.Id, SigTerm);
        }

        var canStopItself = alreadyStopping || !OperatingSystem.IsWindows();
        using var timeout = new CancellationTokenSource(canStopItself ? grace : TimeSpan.Zero);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static void WriteLine(TextWriter output, string prefix, string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            output.WriteLine(prefix + line);
        }
    }

    /// <summary>POSIX kill(2): .NET only offers SIGKILL (<see cref="Process.Kill()"/>) for another process.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
