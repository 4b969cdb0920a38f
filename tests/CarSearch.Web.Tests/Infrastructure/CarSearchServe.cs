using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using CarSearch.Cli;
using CarSearch.Core.Ingest;
using CarSearch.Storage;
using CarSearch.Tests;

namespace CarSearch.Web.Tests.Infrastructure;

/// <summary>
/// <c>carsearch serve --model KIT --port 0 --storage AZURITE --container car-images --index TEMP</c>, run through the CLI's own entry
/// (<see cref="CarSearchCli.RunAsync"/>) as a user's command line would, against a real Azurite of its own. Seeding
/// uploads through the storage API, so serve's real WebJobs blob trigger indexes or rejects every file.
/// </summary>
/// <remarks>
/// In this process rather than as a child <c>dotnet carsearch.dll</c>: the command builds its own host, configuration
/// and services, so nothing but the process is shared, and stopping it is the command's own cancellation (Ctrl+C),
/// after which it saves the index and exits with 0 as it does for a user.
/// </remarks>
public sealed class CarSearchServe : IAsyncDisposable
{
    /// <summary>Generous on purpose: the trigger scans every 2 s and builds here are slow; no test times ingest.</summary>
    private static readonly TimeSpan IngestDeadline = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly AzuriteServer _azurite;
    private readonly string _indexDirectory;
    private readonly CancellationTokenSource _stop;
    private readonly StringWriter _errors;
    private readonly Task<int> _run;
    private readonly HttpClient _client = new();
    private int _seeded;

    private CarSearchServe(AzuriteServer azurite, string indexDirectory, CancellationTokenSource stop, LogCapture log, StringWriter errors, Task<int> run)
    {
        _azurite = azurite;
        _indexDirectory = indexDirectory;
        _stop = stop;
        Log = log;
        _errors = errors;
        _run = run;
    }

    /// <summary>Where the page is, ending with a slash (e.g. <c>http://127.0.0.1:5123/</c>); the API is under <c>api/</c>.</summary>
    public Uri BaseUrl => _client.BaseAddress ?? throw new InvalidOperationException("carsearch serve is not listening.");

    /// <summary>What serve printed (its start report, then a line per image it indexed or rejected).</summary>
    public LogCapture Log { get; }

    /// <summary>Starts serve on a free port and returns once it says where it listens.</summary>
    public static async Task<CarSearchServe> StartAsync()
    {
        var azurite = new AzuriteServer();
        var indexDirectory = Directory.CreateTempSubdirectory("carsearch-web-index-").FullName;
        var log = new LogCapture();
        var errors = new StringWriter();
        var stop = new CancellationTokenSource();
        string[] command =
        [
            "serve", "--model", ReferenceKit.ModelDirectory, "--port", "0", "--storage", azurite.ConnectionString,
            // Given, not left to the environment, so the uploads below go where serve looks.
            "--container", StorageOptions.DefaultContainer, "--index", indexDirectory,
        ];
        var run = Task.Run(() => CarSearchCli.RunAsync(command, log, errors, stop.Token));
        var serve = new CarSearchServe(azurite, indexDirectory, stop, log, errors, run);
        try
        {
            using var exited = new CancellationTokenSource();
            var listening = log.WaitForListeningUrlAsync(exited.Token);
            if (await Task.WhenAny(listening, run) == run)
            {
                await exited.CancelAsync();
                throw new InvalidOperationException(
                    $"carsearch serve exited with {await run} before listening.\nstderr: {errors}\nOutput:\n{log}");
            }

            serve._client.BaseAddress = await listening;
            return serve;
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Uploads each file with its metadata to the container serve indexes, as any storage client would, and returns once
    /// serve has indexed or rejected every file seeded so far (so it expects to start on an empty container).
    /// </summary>
    public async Task SeedAsync(IReadOnlyList<SeedImage> images, CancellationToken cancellationToken = default)
    {
        var store = new ImageBlobs(_azurite.ConnectionString, StorageOptions.DefaultContainer);
        foreach (var image in images)
        {
            await store.UploadAsync(image.Name, image.Content, image.Metadata, cancellationToken: cancellationToken);
        }

        _seeded += images.Count;
        await WaitUntilIngestedAsync(_seeded, cancellationToken);
    }

    /// <summary>Stops serve as Ctrl+C does, then Azurite; fails if serve did not exit cleanly.</summary>
    public async ValueTask DisposeAsync()
    {
        int exitCode;
        try
        {
            await _stop.CancelAsync();
            exitCode = await _run;
        }
        finally
        {
            _client.Dispose();
            _stop.Dispose();
            _azurite.Dispose();
            DeleteIndexDirectory();
        }

        if (exitCode != 0)
        {
            throw new InvalidOperationException($"carsearch serve exited with {exitCode}.\nstderr: {_errors}\nOutput:\n{Log}");
        }
    }

    /// <summary>Polls the ingest status until every file is indexed or failed and nothing is in flight.</summary>
    private async Task WaitUntilIngestedAsync(int files, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(IngestDeadline);
        IngestStatus? status = null;
        while (!deadline.IsCancellationRequested)
        {
            status = await _client.GetFromJsonAsync<IngestStatus>("api/ingest/status", JsonSerializerOptions.Web, cancellationToken);
            if (status is { Pending: 0 } && status.Indexed + status.Failed == files)
            {
                return;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException(
            $"carsearch serve did not ingest {files} files within {IngestDeadline.TotalMinutes:0} min. " +
            $"Last status: {JsonSerializer.Serialize(status, JsonSerializerOptions.Web)}\nOutput:\n{Log}");
    }

    private void DeleteIndexDirectory()
    {
        try
        {
            Directory.Delete(_indexDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; nothing else uses the folder.
        }
    }
}
