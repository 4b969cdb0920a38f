using System.Diagnostics;
using System.Globalization;
using CarSearch.Storage;

namespace CarSearch.Tests;

/// <summary>
/// A real Azurite (blob and queue services) started for the tests from the repository's pinned npm package, on free
/// ports, with its data in a temporary folder, and stopped on dispose. Use it as an xunit class or collection fixture.
/// </summary>
/// <remarks>
/// Azurite must be installed (<c>npm ci</c> at the repository root, which the README's test command does). Without it
/// the tests fail with that instruction; they never skip.
/// </remarks>
public sealed class AzuriteServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(10);

    private readonly string _azurite;
    private readonly string _dataDirectory;
    private readonly int _tablePort;
    private Process _process;

    public AzuriteServer()
    {
        _azurite = Path.Combine(RepositoryRoot.Directory, "node_modules", ".bin", "azurite");
        if (!File.Exists(_azurite))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({_azurite} is missing): run 'npm ci' in {RepositoryRoot.Directory} (tests/run.sh does).");
        }

        _dataDirectory = System.IO.Directory.CreateTempSubdirectory("carsearch-azurite-").FullName;
        BlobPort = LocalPorts.Free();
        QueuePort = LocalPorts.Free();
        _tablePort = LocalPorts.Free();
        _process = Launch();
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    /// <summary>Whether the emulator is running (false between <see cref="Stop"/> and <see cref="Start"/>).</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>A connection string for the Azure SDKs (blobs and queues) pointing at this Azurite.</summary>
    public string ConnectionString => AzuriteAccount.ConnectionString(BlobPort, QueuePort);

    /// <summary>
    /// Stops the emulator as an outage would: once this returns, every new connection is refused. SIGTERM, so Azurite
    /// saves what it holds (killed outright it loses the last seconds of writes, which no real storage account does).
    /// It closes its ports at once but exits only once its clients' kept-alive connections close, which
    /// <see cref="Start"/> waits for a while before it ends the process.
    /// </summary>
    public void Stop()
    {
        if (_process.HasExited)
        {
            return;
        }

        // It may exit on its own between the check above and the signal: then kill fails, and that is fine.
        Signal("-TERM", mustArrive: false);

        var deadline = Stopwatch.StartNew();
        while ((LocalPorts.Accepts(BlobPort) || LocalPorts.Accepts(QueuePort)) && deadline.Elapsed < StartTimeout && !_process.HasExited)
        {
            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Freezes the emulator (SIGSTOP) as a storage that hangs would: connections are still accepted, since the kernel
    /// completes them, but nothing is ever answered until <see cref="Thaw"/>.
    /// </summary>
    public void Freeze() => Signal("-STOP", mustArrive: true);

    /// <summary>Lets a frozen emulator go on (SIGCONT): it answers what was asked meanwhile.</summary>
    public void Thaw() => Signal("-CONT", mustArrive: true);

    private void Signal(string signal, bool mustArrive)
    {
        using var kill = Process.Start("/bin/kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (mustArrive && kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {_process.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    /// <summary>
    /// Starts the emulator again on the same ports with the same data, as after an outage. The stopped one is given
    /// <see cref="ExitGrace"/> to exit: by then it has saved its metadata (Azurite saves it every few seconds).
    /// </summary>
    public void Start()
    {
        if (!_process.WaitForExit(ExitGrace))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        _process = Launch();
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo(_azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--silent", "--skipApiVersionCheck", "--location", _dataDirectory,
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", _tablePort.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilListening(process);
        return process;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                System.IO.Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the dying process; the temp folder is cleaned by the OS eventually.
            }
        }
    }

    private void WaitUntilListening(Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited at start with code {process.ExitCode}.");
            }

            if (LocalPorts.Accepts(BlobPort) && LocalPorts.Accepts(QueuePort))
            {
                return;
            }

            Thread.Sleep(100);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"Azurite did not listen on ports {BlobPort} and {QueuePort} within {StartTimeout}.");
    }
}
