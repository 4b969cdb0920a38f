using Azure.Storage.Blobs;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Core.Index;
using CarSearch.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarSearch.Cli.Serve;

/// <summary>
/// Says at start what serve runs with: the model (loaded before serve listens, so the first upload does not wait for it
/// and a model that cannot load stops serve with its reason), the index folder and its size, the container it indexes,
/// and, once Kestrel listens, the URL.
/// </summary>
/// <remarks>
/// The model starts loading when the host creates its services, before the start-up step checks storage and opens the
/// index: the two towers load on the cores that step leaves idle (an index of 100,000 documents takes seconds to open).
/// </remarks>
internal sealed class ServeStartupReport(
    IServiceProvider services,
    IVectorIndex index,
    IOptions<IndexOptions> indexOptions,
    IOptions<ModelOptions> modelOptions,
    IOptions<StorageOptions> storageOptions,
    IAzureClientFactory<BlobServiceClient> blobClients,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<ServeStartupReport> logger) : IHostedService
{
    private readonly Task<string> _modelId = Task.Run(() => services.GetRequiredService<IClipEmbedder>().ModelId);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var modelId = await _modelId.WaitAsync(cancellationToken).ConfigureAwait(false);
        var documents = await index.CountAsync(cancellationToken).ConfigureAwait(false);
        var endpoint = ImagesEndpoint(blobClients);
        logger.Model(modelId, modelOptions.Value.Directory ?? "");
        logger.Index(index.Kind, indexOptions.Value.Local.Directory, documents);
        logger.Container(storageOptions.Value.Container, endpoint);
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                logger.Listening(address);
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The account's blob endpoint: says where the images are without echoing a connection string's key.</summary>
    public static Uri ImagesEndpoint(IAzureClientFactory<BlobServiceClient> blobClients) =>
        blobClients.CreateClient(StorageOptions.ConnectionSetting).Uri;
}
