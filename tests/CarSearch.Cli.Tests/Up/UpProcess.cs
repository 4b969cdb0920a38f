using System.Diagnostics;
using System.Globalization;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Up;

/// <summary><c>carsearch up</c> as a separate process, as a user runs it, stopped with SIGINT as Ctrl+C does.</summary>
internal sealed class UpProcess : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private UpProcess(Process process, LogCapture output)
    {
        _process = process;
        Output = output;
    }

    public LogCapture Output { get; }

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts up with the kit's model (through CARSEARCH_MODEL_DIR, as on a machine without the real one).</summary>
    public static UpProcess Start(int azuritePort, string azuriteLocation, string indexDirectory)
    {
        // Through env: a test runner started in the background inherits SIGINT ignored, and so would up, which
        // could then not be stopped the way a terminal's Ctrl+C stops it.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Directory,
        };
        foreach (var argument in new[]
        {
            "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "carsearch.dll"), "up", "--port", "0",
            "--azurite-port", azuritePort.ToString(CultureInfo.InvariantCulture),
            "--azurite-location", azuriteLocation, "--index", indexDirectory,
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[ModelFolder.EnvironmentVariable] = ReferenceKit.ModelDirectory;
        var output = new LogCapture();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Record(output, line.Data);
        process.ErrorDataReceived += (_, line) => Record(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new UpProcess(process, output);
    }

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
            Assert.Fail($"carsearch up did not stop within {ExitTimeout.TotalSeconds:0} s of SIGINT. Output:\n{Output}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static void Record(LogCapture output, string? line)
    {
        if (line is not null)
        {
            output.WriteLine(line);
        }
    }
}
