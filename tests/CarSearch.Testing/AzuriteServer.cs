using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

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
    /// <summary>Azurite's well-known development account (public, documented by Microsoft; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _dataDirectory;

    public AzuriteServer()
    {
        var azurite = Path.Combine(RepositoryRoot.Directory, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({azurite} is missing): run 'npm ci' in {RepositoryRoot.Directory} (tests/run.sh does).");
        }

        _dataDirectory = System.IO.Directory.CreateTempSubdirectory("carsearch-azurite-").FullName;
        BlobPort = FreePort();
        QueuePort = FreePort();
        var start = new ProcessStartInfo(azurite)
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
            "--tableHost", "127.0.0.1", "--tablePort", FreePort().ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    /// <summary>A connection string for the Azure SDKs (blobs and queues) pointing at this Azurite.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};";

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

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited at start with code {_process.ExitCode}.");
            }

            if (Accepts(BlobPort) && Accepts(QueuePort))
            {
                return;
            }

            Thread.Sleep(100);
        }

        Dispose();
        throw new TimeoutException($"Azurite did not listen on ports {BlobPort} and {QueuePort} within {StartTimeout}.");
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
