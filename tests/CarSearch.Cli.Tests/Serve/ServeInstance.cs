using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using CarSearch.Cli.Serve;
using CarSearch.Cli.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Storage;
using CarSearch.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Cli.Tests.Serve;

/// <summary>
/// <c>carsearch serve</c> in this process, as <see cref="ServeHost"/> builds it for the command: on a free port, over
/// a real Azurite, with the kit's model, a container of its own and an index folder the caller chooses.
/// </summary>
internal sealed class ServeInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServeInstance(WebApplication app, LogCapture log, Uri baseAddress, BlobContainerClient container)
    {
        _app = app;
        Log = log;
        Client = new HttpClient { BaseAddress = baseAddress };
        Container = container;
        Images = new ImageBlobs(container);
    }

    public LogCapture Log { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The index serve writes, to check what it holds beyond what the API shows.</summary>
    public IVectorIndex Index => Services.GetRequiredService<IVectorIndex>();

    /// <summary>The container serve indexes, for uploads and deletes as any storage client would make them.</summary>
    public BlobContainerClient Container { get; }

    /// <summary>Uploads as <c>carsearch index</c> makes them, metadata encoded as the app encodes it.</summary>
    public ImageBlobs Images { get; }

    /// <summary>A container name no other test uses.</summary>
    public static string NewContainerName() => $"cars-{Guid.NewGuid():N}"[..24];

    public static async Task<ServeInstance> StartAsync(
        AzuriteServer azurite,
        string container,
        string indexDirectory,
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var log = new LogCapture();
        var app = ServeHost.Build(
            new ServeOptions(ReferenceKit.ModelDirectory, Port: 0, azurite.ConnectionString, container, indexDirectory),
            TextWriter.Synchronized(log),
            settings,
            configureServices);
        await ServeHost.StartAsync(app);
        var url = await log.WaitForListeningUrlAsync();
        return new ServeInstance(app, log, url, new BlobContainerClient(azurite.ConnectionString, container));
    }

    public async Task UploadKitImageAsync(string fileName, string? blobName = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        await Images.UploadAsync(
            blobName ?? fileName,
            await File.ReadAllBytesAsync(ReferenceKit.PathOf("images", fileName)),
            metadata ?? new Dictionary<string, string>());

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls the ingest status until <paramref name="condition"/> holds; fails with the last status and the log.</summary>
    public Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> condition, string what, TimeSpan? within = null) =>
        IngestStatusPolling.WaitForAsync(Client, condition, what, Log, within);

    public Task<JsonElement> WaitUntilIndexedAsync(int count) =>
        WaitForStatusAsync(status => status.GetProperty("indexed").GetInt64() == count, $"{count} images indexed");

    /// <summary>Stops serve as Ctrl+C does: the host stops, and disposing it closes (and saves) the index.</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
