using System.Globalization;
using Azure.Storage.Blobs;
using CarSearch.Api;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Core.Storage;
using CarSearch.Core.Thumbnails;
using CarSearch.Functions.Hosting;
using CarSearch.Functions.Ingest;
using CarSearch.Storage;
using CarSearch.Tests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarSearch.Functions.Tests.Infrastructure;

/// <summary>
/// The Functions app's services in a generic host built with <see cref="FunctionsServiceCollectionExtensions.AddCarSearchFunctions"/>,
/// as <c>Program.cs</c> builds them, over its own image, ledger and thumbnail containers on a shared Azurite, its own embedded
/// index folder and the kit's model. Functions are created per call from a scope, as the worker creates them.
/// </summary>
public sealed class FunctionsTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private FunctionsTestHost(IHost host, AzuriteServer azurite, string container, string indexDirectory, LogCapture log)
    {
        Log = log;
        _host = host;
        Azurite = azurite;
        Container = container;
        IndexDirectory = indexDirectory;
    }

    /// <summary>Twice the largest kit image: every kit image fits, and a body just over it is still small.</summary>
    public static int UploadLimit { get; } = 2 * (int)KitCatalog.Images.Max(image => new FileInfo(image.Path).Length);

    public AzuriteServer Azurite { get; }

    public string Container { get; }

    public string IndexDirectory { get; }

    public IServiceProvider Services => _host.Services;

    public IImageStore Store => Services.GetRequiredService<IImageStore>();

    /// <summary>The host's image container, written as uploads and deletes write it.</summary>
    public ImageBlobs Blobs => new(Azurite.ConnectionString, Container);

    public IVectorIndex Index => Services.GetRequiredService<IVectorIndex>();

    public IThumbnailStore Thumbnails => Services.GetRequiredService<IThumbnailStore>();

    /// <summary>Every log entry the app's services wrote, one line each.</summary>
    public LogCapture Log { get; }

    /// <param name="settings">App settings over the test's own (storage, containers, index folder, model).</param>
    /// <param name="underlying">App settings under the test's own, e.g. a whole local.settings.json.</param>
    /// <param name="replace">Registers stand-ins before the app's own registrations, which then leave them alone.</param>
    public static async Task<FunctionsTestHost> StartAsync(
        AzuriteServer azurite,
        IReadOnlyDictionary<string, string?>? settings = null,
        IReadOnlyDictionary<string, string?>? underlying = null,
        Action<IServiceCollection>? replace = null)
    {
        var container = "img-" + Guid.NewGuid().ToString("N")[..16];
        var indexDirectory = Directory.CreateTempSubdirectory("carsearch-functions-index-").FullName;
        var values = new Dictionary<string, string?>(underlying ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase)
        {
            [StorageOptions.ConnectionSetting] = azurite.ConnectionString,
            [StorageOptions.ContainerSetting] = container,
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.LedgerContainer)}"] = "led-" + Guid.NewGuid().ToString("N")[..16],
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.ThumbnailContainer)}"] = "thm-" + Guid.NewGuid().ToString("N")[..16],
            [StorageOptions.ReindexQueueSetting] = "rdx-" + Guid.NewGuid().ToString("N")[..16],
            [$"{IndexOptions.SectionName}:{nameof(IndexOptions.Local)}:{nameof(LocalIndexOptions.Directory)}"] = indexDirectory,
            ["CarSearch:Model:Directory"] = ReferenceKit.ModelDirectory,
            ["CarSearch:Api:MaxUploadBytes"] = UploadLimit.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(values);
        var log = new LogCapture();
        builder.Services.AddLogging(logging => logging.AddProvider(new LogCaptureProvider(log)));
        replace?.Invoke(builder.Services);
        builder.Services.AddCarSearchFunctions(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new FunctionsTestHost(host, azurite, container, indexDirectory, log);
    }

    /// <summary>A client for a blob of this host's container, as the blob trigger binds it.</summary>
    public BlobClient Blob(string name) => new(Azurite.ConnectionString, Container, name);

    /// <summary>Creates the function as the worker does (from the invocation's scope) and calls it.</summary>
    public async Task InvokeAsync<TFunction>(Func<TFunction, Task> call) where TFunction : class
    {
        await using var scope = Services.CreateAsyncScope();
        await call(ActivatorUtilities.CreateInstance<TFunction>(scope.ServiceProvider));
    }

    /// <summary>Calls an HTTP function with a request to <c>/api/{pathAndQuery}</c> and executes the result it returns.</summary>
    public async Task<HttpAnswer> HttpAsync<TFunction>(
        string method,
        string pathAndQuery,
        Func<TFunction, HttpRequest, Task<IResult>> call,
        byte[]? body = null,
        string? contentType = null,
        IReadOnlyDictionary<string, string>? headers = null) where TFunction : class
    {
        await using var scope = Services.CreateAsyncScope();
        var context = HttpAnswer.NewContext(scope.ServiceProvider, method, $"/{ApiRoutes.Prefix}/{pathAndQuery}", body, contentType);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        var result = await call(ActivatorUtilities.CreateInstance<TFunction>(scope.ServiceProvider), context.Request);
        return await HttpAnswer.ExecuteAsync(result, context);
    }

    /// <summary>Stores an image in the container, as an upload would, without any trigger running.</summary>
    public Task UploadAsync(string name, byte[] content, IReadOnlyDictionary<string, string>? metadata = null) =>
        Blobs.UploadAsync(name, content, metadata);

    /// <summary>Runs the blob trigger for <paramref name="name"/>, as Event Grid's BlobCreated does.</summary>
    public Task IngestAsync(string name) =>
        InvokeAsync<IngestImage>(function => function.Run(Blob(name), CancellationToken.None));

    public async Task<IngestStatus> StatusAsync() =>
        await Services.GetRequiredService<IIngestStatusReader>().GetStatusAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
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
