using System.Diagnostics;
using System.Globalization;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Infrastructure;

/// <summary>
/// A long-running <c>carsearch</c> command (<c>up</c>, <c>serve</c>) as a separate process, as a user runs it: its
/// output captured line by line, stopped with SIGINT as Ctrl+C does, or killed outright as a crash would.
/// </summary>
internal sealed class CliChildProcess : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _command;

    private CliChildProcess(Process process, string command, LogCapture output)
    {
        _process = process;
        _command = command;
        Output = output;
    }

    public LogCapture Output { get; }

    public int ExitCode => _process.ExitCode;

    /// <summary><c>carsearch up</c> with the kit's model (through CARSEARCH_MODEL_DIR, as on a machine without the real one).</summary>
    public static CliChildProcess Up(int azuritePort, string azuriteLocation, string indexDirectory) =>
        Start(
            [
                "up", "--port", "0", "--azurite-port", azuritePort.ToString(CultureInfo.InvariantCulture),
                "--azurite-location", azuriteLocation, "--index", indexDirectory,
            ],
            new Dictionary<string, string> { [ModelFolder.EnvironmentVariable] = ReferenceKit.ModelDirectory });

    /// <summary><c>carsearch serve</c> with the kit's model over <paramref name="azurite"/>.</summary>
    public static CliChildProcess Serve(AzuriteServer azurite, string container, string indexDirectory) =>
        Start(
            [
                "serve", "--model", ReferenceKit.ModelDirectory, "--port", "0", "--storage", azurite.ConnectionString,
                "--container", container, "--index", indexDirectory,
            ],
            new Dictionary<string, string>());

    public Task<Uri> WaitUntilListeningAsync() => Output.WaitForListeningUrlAsync();

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does, and waits for the process to end.</summary>
    public async Task InterruptAndWaitAsync()
    {
        using (var kill = Process.Start("/bin/kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"carsearch {_command} did not stop within {ExitTimeout.TotalSeconds:0} s of SIGINT. Output:\n{Output}");
        }
    }

    /// <summary>SIGKILL: no shutdown and no flush, as a crash or the out-of-memory killer ends it.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(ExitTimeout);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static CliChildProcess Start(string[] arguments, Dictionary<string, string> environment)
    {
        // Through env: a test runner started in the background inherits SIGINT ignored, and so would the command,
        // which could then not be stopped the way a terminal's Ctrl+C stops it.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Directory,
        };
        foreach (var argument in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "carsearch.dll") }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new LogCapture();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Record(output, line.Data);
        process.ErrorDataReceived += (_, line) => Record(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new CliChildProcess(process, arguments[0], output);
    }

    private static void Record(LogCapture output, string? line)
    {
        if (line is not null)
        {
            output.WriteLine(line);
        }
    }
}
