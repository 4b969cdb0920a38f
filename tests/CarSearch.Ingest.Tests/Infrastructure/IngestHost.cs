using Azure.Storage.Queues;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Core.Ingest;
using CarSearch.Core.Ingest.Reindex;
using CarSearch.Core.Storage;
using CarSearch.Core.Thumbnails;
using CarSearch.Storage;
using CarSearch.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Ingest.Tests.Infrastructure;

/// <summary>
/// Where one test's data lives: its own image, ledger and thumbnail containers on the shared Azurite and its own index folder.
/// Hosts come and go over it (a restart, a model change); the folder goes when the test ends.
/// </summary>
public sealed class TestData : IDisposable
{
    public string Container { get; } = "img-" + Guid.NewGuid().ToString("N")[..16];

    public string LedgerContainer { get; } = "led-" + Guid.NewGuid().ToString("N")[..16];

    public string ReindexQueue { get; } = "rdx-" + Guid.NewGuid().ToString("N")[..16];

    public string ThumbnailContainer { get; } = "thm-" + Guid.NewGuid().ToString("N")[..16];

    public string IndexDirectory { get; } = Directory.CreateTempSubdirectory("carsearch-ingest-index-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(IndexDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; nothing else uses the folder.
        }
    }
}

/// <summary>
/// The services a host builds for ingest, wired as the hosts wire them (<c>AddCarSearchStorage</c>,
/// <c>AddEmbeddedVectorIndex</c>, <c>AddCarSearchEmbeddings</c>, <c>AddCarSearchIngest</c> over one configuration),
/// with a <see cref="CountingEmbedder"/> in front of the shared kit model.
/// </summary>
public sealed class IngestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private IngestHost(ServiceProvider services, CountingEmbedder embedder, ImageBlobs blobs)
    {
        _services = services;
        Embedder = embedder;
        Blobs = blobs;
    }

    public CountingEmbedder Embedder { get; }

    public IServiceProvider Services => _services;

    public IImageStore Store => _services.GetRequiredService<IImageStore>();

    /// <summary>The test's image container, written as uploads and deletes write it.</summary>
    public ImageBlobs Blobs { get; }

    public IVectorIndex Index => _services.GetRequiredService<IVectorIndex>();

    public IIngestLedger Ledger => _services.GetRequiredService<IIngestLedger>();

    public IThumbnailStore Thumbnails => _services.GetRequiredService<IThumbnailStore>();

    public IngestService Ingest => _services.GetRequiredService<IngestService>();

    public ReconciliationService Reconciliation => _services.GetRequiredService<ReconciliationService>();

    public ReindexService Reindex => _services.GetRequiredService<ReindexService>();

    /// <summary>The re-index batches' queue, as the app's storage registration made it.</summary>
    public QueueClient ReindexQueue => _services.GetRequiredService<QueueClient>();

    public IIngestStatusReader Status => _services.GetRequiredService<IIngestStatusReader>();

    /// <param name="settings">App settings on top of the defaults (e.g. <c>CarSearch:Ingest:MaxImageBytes</c>).</param>
    /// <param name="modelId">Reported instead of the model's own id: stands for a changed model.</param>
    /// <param name="replace">Registers stand-ins before the real services (which then leave them alone).</param>
    public static async Task<IngestHost> StartAsync(
        IngestEnvironment environment,
        TestData data,
        IReadOnlyDictionary<string, string?>? settings = null,
        string? modelId = null,
        Action<IServiceCollection>? replace = null)
    {
        var values = new Dictionary<string, string?>
        {
            [StorageOptions.ConnectionSetting] = environment.Azurite.ConnectionString,
            [StorageOptions.ContainerSetting] = data.Container,
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.LedgerContainer)}"] = data.LedgerContainer,
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.ThumbnailContainer)}"] = data.ThumbnailContainer,
            [StorageOptions.ReindexQueueSetting] = data.ReindexQueue,
            [$"{IndexOptions.SectionName}:Local:Directory"] = data.IndexDirectory,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var embedder = new CountingEmbedder(environment.Embedder, modelId);
        var services = new ServiceCollection();
        replace?.Invoke(services);
        var provider = services
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IStagedImageEmbedder>(embedder)
            .AddSingleton<IClipEmbedder>(embedder)
            .AddCarSearchStorage(configuration)
            .AddEmbeddedVectorIndex(configuration)
            .AddCarSearchEmbeddings(configuration)
            .AddCarSearchIngest(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var host = new IngestHost(provider, embedder, new ImageBlobs(environment.Azurite.ConnectionString, data.Container));
        await host.Store.EnsureExistsAsync();
        return host;
    }

    /// <summary>Uploads a kit image with its test metadata under its own file name.</summary>
    public Task UploadAsync(KitImage image, string? name = null) =>
        Blobs.UploadAsync(name ?? image.File, image.ReadBytes(), KitCatalog.MetadataFor(image));

    public Task UploadAsync(string name, byte[] content, IReadOnlyDictionary<string, string>? metadata = null) =>
        Blobs.UploadAsync(name, content, metadata);

    public async Task<IReadOnlyList<ImageDocument>> DocumentsAsync()
    {
        var documents = new List<ImageDocument>();
        await foreach (var entry in Index.ListAsync())
        {
            documents.Add(await Index.GetAsync(entry.Id) ?? throw new InvalidOperationException($"Listed id '{entry.Id}' has no document."));
        }

        return documents;
    }

    /// <summary>
    /// Takes every queued re-index batch and processes it as a host's queue trigger would (deleted once done), until the
    /// queue is empty; returns how many it took.
    /// </summary>
    public async Task<int> DrainReindexQueueAsync()
    {
        var taken = 0;
        while (true)
        {
            var messages = (await ReindexQueue.ReceiveMessagesAsync(maxMessages: 32, TimeSpan.FromMinutes(1))).Value;
            if (messages.Length == 0)
            {
                return taken;
            }

            foreach (var message in messages)
            {
                await Reindex.ProcessAsync(ReindexBatchMessage.Read(message.Body.ToString()));
                await ReindexQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                taken++;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Embedder.Dispose();
    }
}

/// <summary>A test class with its own data; hosts over it on demand (one at a time per index), disposed at the end.</summary>
public abstract class IngestTestBase(IngestEnvironment environment) : IAsyncLifetime
{
    private readonly List<IngestHost> _hosts = [];

    protected IngestEnvironment Environment { get; } = environment;

    protected TestData Data { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        Data.Dispose();
    }

    protected async Task<IngestHost> StartHostAsync(
        IReadOnlyDictionary<string, string?>? settings = null, string? modelId = null, Action<IServiceCollection>? replace = null)
    {
        var host = await IngestHost.StartAsync(Environment, Data, settings, modelId, replace);
        _hosts.Add(host);
        return host;
    }

    /// <summary>Stops a host early (it releases the index folder so another may open it).</summary>
    protected async Task StopHostAsync(IngestHost host)
    {
        _hosts.Remove(host);
        await host.DisposeAsync();
    }
}
