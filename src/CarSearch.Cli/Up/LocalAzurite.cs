using System.Diagnostics;
using System.Globalization;
using CarSearch.Cli.Indexing;
using CarSearch.Cli.Infrastructure;
using CarSearch.Storage;

namespace CarSearch.Cli.Up;

/// <summary>
/// The Azurite <c>carsearch up</c> runs against: the one already answering on the ports if there is one (left running
/// afterwards), otherwise one started from node_modules with its data in the checkout, started again whenever it
/// exits on its own (serve answers from the index meanwhile), and stopped on dispose.
/// </summary>
internal sealed class LocalAzurite : IAsyncDisposable
{
    /// <summary>Azurite's default blob port; queue and table follow on the next two, as Azurite's own defaults do.</summary>
    public const int DefaultBlobPort = 10000;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Wait before starting an Azurite that exited again: the first restart soon, a crashing one not in a loop.</summary>
    private static readonly TimeSpan[] RestartDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    private readonly TextWriter _output;
    private readonly Func<Process?>? _launch;
    private readonly CancellationTokenSource _stopping = new();
    private Process? _process;
    private Task _supervision = Task.CompletedTask;

    private LocalAzurite(int blobPort, Process? process, TextWriter output, Func<Process?>? launch = null)
    {
        BlobPort = blobPort;
        _process = process;
        _output = output;
        _launch = launch;
    }

    public int BlobPort { get; }

    public int QueuePort => BlobPort + 1;

    public int TablePort => BlobPort + 2;

    /// <summary>For <c>--storage</c>: the short form on the default ports, else the development account on these ports.</summary>
    public string ConnectionString => BlobPort == DefaultBlobPort
        ? StorageConnection.DevelopmentStorage
        : AzuriteAccount.ConnectionString(BlobPort, QueuePort);

    public static async Task<LocalAzurite> StartOrReuseAsync(
        Checkout checkout, int blobPort, string dataDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        var blob = await AzuriteProbe.ProbeAsync(blobPort, cancellationToken).ConfigureAwait(false);
        var queue = await AzuriteProbe.ProbeAsync(blobPort + 1, cancellationToken).ConfigureAwait(false);
        if (blob == PortOccupant.Azurite && queue == PortOccupant.Azurite)
        {
            output.WriteLine($"Using the Azurite already running on 127.0.0.1:{blobPort} (blob) and {blobPort + 1} (queue); it keeps running after carsearch stops.");
            return new LocalAzurite(blobPort, process: null, output);
        }

        foreach (var (port, service) in new[] { (blobPort, "blob"), (blobPort + 1, "queue"), (blobPort + 2, "table") })
        {
            var occupant = port == blobPort ? blob
                : port == blobPort + 1 ? queue
                : await AzuriteProbe.ProbeAsync(port, cancellationToken).ConfigureAwait(false);
            if (occupant != PortOccupant.Nothing)
            {
                // Azurite answering on only one of its ports (e.g. azurite-blob alone) cannot serve the blob trigger either.
                throw new CommandLineBadInputException(
                    $"Port {port} on 127.0.0.1, where Azurite's {service} service belongs, is taken by {(occupant == PortOccupant.Azurite ? "an Azurite without the blob and queue services together" : "another program")}: stop it, or use other ports with --azurite-port.");
            }
        }

        await AzuriteInstall.EnsureInstalledAsync(checkout, output, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(dataDirectory);
        Process? Launch() => ChildProcess.TryStart(
            AzuriteInstall.Launcher(checkout), Arguments(blobPort, dataDirectory), checkout.Root, output, linePrefix: "azurite: ");
        var process = Launch() ?? throw new CommandLineBadInputException($"Could not start {AzuriteInstall.Launcher(checkout)}.");
        var azurite = new LocalAzurite(blobPort, process, output, Launch);
        try
        {
            await azurite.WaitUntilListeningAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        output.WriteLine($"Started Azurite on 127.0.0.1:{blobPort}-{blobPort + 2} with its data in {dataDirectory}");
        azurite._supervision = azurite.SuperviseAsync(cancellationToken);
        return azurite;
    }

    /// <summary>Stops the Azurite this instance started (it saves its data on SIGTERM); leaves a reused one alone.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _supervision.ConfigureAwait(false);
        _stopping.Dispose();
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            // Ctrl+C in a terminal reaches Azurite too (same process group) and it is closing already; a second
            // signal would only make it complain. It no longer answering tells that apart.
            var answering = await AzuriteProbe.ProbeAsync(BlobPort, CancellationToken.None).ConfigureAwait(false) == PortOccupant.Azurite;
            // It can take up to ~6 s to exit after its services close (0.2 s and 5.5 s seen after Ctrl+C): say so
            // rather than kill it, which could cut its last save short.
            _output.WriteLine("Stopping Azurite (it finishes saving its data; this can take a few seconds)...");
            await ChildProcess.StopAsync(_process, StopGrace, alreadyStopping: !answering).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static string[] Arguments(int blobPort, string dataDirectory) =>
    [
        // Without it every call fails: the Azure SDKs speak a newer API version than Azurite knows.
        "--skipApiVersionCheck",
        "--silent",
        "--location", dataDirectory,
        "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
        "--queueHost", "127.0.0.1", "--queuePort", (blobPort + 1).ToString(CultureInfo.InvariantCulture),
        "--tableHost", "127.0.0.1", "--tablePort", (blobPort + 2).ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>
    /// Starts Azurite again whenever it exits while up runs (killed, crashed, stopped by hand): an outage is something
    /// serve rides out, not a reason for up to end. Not when up itself is stopping: Ctrl+C reaches Azurite too.
    /// </summary>
    private async Task SuperviseAsync(CancellationToken upStopping)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(upStopping, _stopping.Token);
        var restarts = 0;
        try
        {
            while (_process is { } running)
            {
                await running.WaitForExitAsync(stop.Token).ConfigureAwait(false);
                var delay = RestartDelays[Math.Min(restarts, RestartDelays.Length - 1)];
                _output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Azurite exited (code {running.ExitCode}); starting it again in {delay.TotalSeconds:0} s. Searches go on meanwhile."));
                await Task.Delay(delay, stop.Token).ConfigureAwait(false);
                running.Dispose();
                _process = _launch!() ?? throw new InvalidOperationException("Azurite could not be started again.");
                await WaitUntilListeningAsync(stop.Token).ConfigureAwait(false);
                _output.WriteLine($"Azurite is running again on 127.0.0.1:{BlobPort}-{TablePort}.");
                restarts++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // up is stopping: DisposeAsync stops whichever Azurite runs now.
        }
        catch (Exception error) when (error is CommandLineBadInputException or InvalidOperationException)
        {
            _output.WriteLine($"Azurite could not be started again ({error.Message}); serve keeps answering from the index.");
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new CommandLineBadInputException($"Azurite exited at start with code {_process.ExitCode}; its output is above.");
            }

            if (await AzuriteProbe.ProbeAsync(BlobPort, cancellationToken).ConfigureAwait(false) == PortOccupant.Azurite
                && await AzuriteProbe.ProbeAsync(QueuePort, cancellationToken).ConfigureAwait(false) == PortOccupant.Azurite)
            {
                return;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new CommandLineBadInputException($"Azurite did not answer on 127.0.0.1:{BlobPort} within {StartTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
