using System.Diagnostics;
using System.Globalization;
using CarSearch.Storage;
using CarSearch.Tests;

namespace CarSearch.Bench;

/// <summary>
/// The repository's pinned Azurite (node_modules, from <c>npm ci</c>) on free loopback ports. Blobs are kept in memory:
/// storing the search phase's 100k blobs on disk takes Azurite over 20 minutes on a busy 2-core machine, and what is
/// measured is serve, not the emulator's disk.
/// </summary>
internal sealed class AzuriteProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _data;

    public AzuriteProcess(string repositoryRoot)
    {
        var azurite = Path.Combine(repositoryRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed ({azurite} is missing): run 'npm ci --no-audit --no-fund' in {repositoryRoot}.");
        }

        _data = Directory.CreateTempSubdirectory("carsearch-bench-azurite-").FullName;
        var (blob, queue, table) = (LocalPorts.Free(), LocalPorts.Free(), LocalPorts.Free());
        // Its working folder is a temporary one, for anything it writes beside the in-memory store.
        var start = new ProcessStartInfo(azurite) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _data };
        foreach (var argument in new[]
        {
            "--silent", "--skipApiVersionCheck", "--inMemoryPersistence",
            "--blobHost", "127.0.0.1", "--blobPort", Text(blob), "--queueHost", "127.0.0.1", "--queuePort", Text(queue),
            "--tableHost", "127.0.0.1", "--tablePort", Text(table),
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (!(LocalPorts.Accepts(blob) && LocalPorts.Accepts(queue)))
        {
            if (_process.HasExited || waited.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new InvalidOperationException("Azurite did not open its ports within 3 minutes.");
            }

            Thread.Sleep(100);
        }

        ConnectionString = AzuriteAccount.ConnectionString(blob, queue);
    }

    public string ConnectionString { get; }

    public int ProcessId => _process.Id;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
