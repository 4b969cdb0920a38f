using System.Net;
using CarSearch.Api;
using CarSearch.Api.Web;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Core.Ingest;
using CarSearch.Core.Storage;
using CarSearch.Storage;
using CarSearch.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarSearch.Web.Tests.Infrastructure;

/// <summary>
/// The API and the page on a real Kestrel socket (127.0.0.1, a free port), wired as the hosts wire them: the kit's
/// model through <c>AddCarSearchEmbeddings</c>, the embedded index in a temporary folder, blob storage and the ingest
/// failure ledger on a real Azurite, the ingest services. Seeding stores each image and ingests it as the blob trigger
/// would (<see cref="IngestService.IngestStoredAsync"/>).
/// </summary>
public sealed class KestrelPageHost : ISearchPageHost
{
    private readonly WebApplication _app;
    private readonly AzuriteServer _azurite;
    private readonly string _indexDirectory;

    private KestrelPageHost(WebApplication app, AzuriteServer azurite, string indexDirectory, Uri baseUrl)
    {
        _app = app;
        _azurite = azurite;
        _indexDirectory = indexDirectory;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<ISearchPageHost> StartAsync()
    {
        var azurite = new AzuriteServer();
        var indexDirectory = Directory.CreateTempSubdirectory("carsearch-web-index-").FullName;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{Core.Embeddings.Model.ModelOptions.SectionName}:Directory"] = ReferenceKit.ModelDirectory,
                [$"{IndexOptions.SectionName}:Local:Directory"] = indexDirectory,
                [StorageOptions.ConnectionSetting] = azurite.ConnectionString,
                [StorageOptions.ContainerSetting] = StorageOptions.DefaultContainer,
            });
            builder.Services
                .AddCarSearchApi(builder.Configuration)
                .AddCarSearchEmbeddings(builder.Configuration)
                .AddEmbeddedVectorIndex()
                .AddCarSearchStorage(builder.Configuration)
                .AddCarSearchIngest(builder.Configuration);

            var app = builder.Build();
            app.UseCarSearchErrorHandling();
            app.MapCarSearchApi();
            app.MapCarSearchWebPage();
            await app.StartAsync();
            await app.Services.GetRequiredService<IImageStore>().EnsureExistsAsync();

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new KestrelPageHost(app, azurite, indexDirectory, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            azurite.Dispose();
            Directory.Delete(indexDirectory, recursive: true);
            throw;
        }
    }

    public async Task SeedAsync(IReadOnlyList<SeedImage> images, CancellationToken cancellationToken = default)
    {
        var store = _app.Services.GetRequiredService<IImageStore>();
        var ingest = _app.Services.GetRequiredService<IngestService>();
        foreach (var image in images)
        {
            await store.UploadAsync(image.Name, image.Content, image.Metadata, cancellationToken: cancellationToken);
            await ingest.IngestStoredAsync(image.Name, cancellationToken: cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.DisposeAsync();
        }
        finally
        {
            _azurite.Dispose();
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
}
