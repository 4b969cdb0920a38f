using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using CarSearch.Api.Web;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Core.Ingest;
using CarSearch.Core.Ingest.Reindex;
using CarSearch.Core.Storage;
using CarSearch.Core.Thumbnails;
using CarSearch.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarSearch.Api.Tests.Infrastructure;

/// <summary>
/// The API in an in-memory server, wired as a host wires it (<see cref="ApiServiceCollectionExtensions.AddCarSearchApi"/>,
/// <see cref="ApiApplicationBuilderExtensions.UseCarSearchErrorHandling"/>, <see cref="CarSearchApi.MapCarSearchApi"/>,
/// and the web page beside it, so the API's own answers are checked with the page's routes in place),
/// with the kit's model, the embedded index in a temporary folder, an in-memory image store and fake ingest seams.
/// </summary>
public sealed class ApiTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _indexDirectory;

    private ApiTestHost(WebApplication app, string indexDirectory)
    {
        _app = app;
        _indexDirectory = indexDirectory;
        Client = app.GetTestClient();
    }

    /// <summary>Twice the largest kit image: every kit image fits, and a body just over it is still small.</summary>
    public static int UploadLimit { get; } =
        2 * (int)KitCatalog.Images.Max(image => new FileInfo(ReferenceKit.PathOf("images", image.File)).Length);

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public InMemoryImageStore Store => (InMemoryImageStore)Services.GetRequiredService<IImageStore>();

    public InMemoryThumbnailStore Thumbnails => (InMemoryThumbnailStore)Services.GetRequiredService<IThumbnailStore>();

    public FakeIngestStatusReader Status => (FakeIngestStatusReader)Services.GetRequiredService<IIngestStatusReader>();

    public FakeReindexScheduler Reindex => (FakeReindexScheduler)Services.GetRequiredService<IReindexScheduler>();

    public IClipEmbedder Embedder => Services.GetRequiredService<IClipEmbedder>();

    public IVectorIndex Index => Services.GetRequiredService<IVectorIndex>();

    /// <summary>
    /// A request header the in-memory server turns into the caller's address (it has none of its own; without the
    /// header a request comes from 127.0.0.1, as the local host's own page does).
    /// </summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    /// <summary>Starts a host; <paramref name="replace"/> may register other implementations over the defaults.</summary>
    /// <param name="settings">App settings on top of the test defaults (e.g. <c>CarSearch:Api:CorsOrigins:0</c>).</param>
    public static async Task<ApiTestHost> StartAsync(
        Action<IServiceCollection>? replace = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var indexDirectory = Directory.CreateTempSubdirectory("carsearch-api-tests-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CarSearch:Index:Local:Directory"] = indexDirectory,
            ["CarSearch:Api:MaxUploadBytes"] = UploadLimit.ToString(CultureInfo.InvariantCulture),
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());

        builder.Services.AddCarSearchApi(builder.Configuration);
        builder.Services.AddEmbeddedVectorIndex(builder.Configuration);
        builder.Services.AddSingleton<IClipEmbedder>(_ => ClipEmbedder.Open(new ModelFolder(ReferenceKit.ModelDirectory)));
        builder.Services.AddSingleton<IImageStore, InMemoryImageStore>();
        builder.Services.AddSingleton<IThumbnailStore, InMemoryThumbnailStore>();
        builder.Services.AddSingleton<IIngestStatusReader, FakeIngestStatusReader>();
        builder.Services.AddSingleton<IReindexScheduler, FakeReindexScheduler>();
        replace?.Invoke(builder.Services);

        var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(RemoteAddressHeader, out var address)
                ? IPAddress.Parse(address.ToString())
                : IPAddress.Loopback;
            return next(context);
        });
        app.UseCarSearchErrorHandling();
        app.UseCarSearchCors();
        app.MapCarSearchApi();
        app.MapCarSearchWebPage();
        await app.StartAsync();
        return new ApiTestHost(app, indexDirectory);
    }

    /// <summary>Stores an image and indexes it as the ingest would: embedded with the host's model, with its metadata.</summary>
    public async Task<ImageDocument> AddImageAsync(KitImage image, IReadOnlyDictionary<string, string> metadata)
    {
        var bytes = image.ReadBytes();
        await Store.UploadAsync(image.File, bytes, metadata);
        var document = new ImageDocument
        {
            Id = DocumentId.FromName(image.File),
            Name = image.File,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Width = image.Width,
            Height = image.Height,
            Format = image.Format,
            SizeBytes = bytes.Length,
            Metadata = metadata,
            ModelId = Embedder.ModelId,
            IndexedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            Embedding = Embedder.EmbedImages([bytes])[0],
        };
        await Index.UpsertAsync(document);
        return document;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_indexDirectory, recursive: true);
    }
}

/// <summary>A host holding every kit image, with its format and PIL mode as metadata; shared by the tests that only read.</summary>
public sealed class KitApiFixture : IAsyncLifetime
{
    public const string FormatField = "format";

    public const string ModeField = "mode";

    private ApiTestHost? _host;

    public ApiTestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public HttpClient Client => Host.Client;

    public async Task InitializeAsync()
    {
        _host = await ApiTestHost.StartAsync();
        foreach (var image in KitCatalog.Images)
        {
            await _host.AddImageAsync(image, new Dictionary<string, string>
            {
                [FormatField] = image.Format,
                [ModeField] = image.PilMode,
            });
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class KitApi : ICollectionFixture<KitApiFixture>
{
    public const string Name = "API over the kit images";
}
