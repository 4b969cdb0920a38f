using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CarSearch.Core.Ingest;
using CarSearch.Core.Ingest.Reindex;
using CarSearch.Core.Storage;
using CarSearch.Core.Thumbnails;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarSearch.Storage;

/// <summary>Registers blob storage behind the Core seams.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Reads <see cref="StorageOptions"/> from the app settings <c>ImagesStorage</c>, <c>ImagesContainer</c> and
    /// <c>ReindexQueue</c> (validated at start: a missing connection names the setting to set), registers a
    /// <see cref="BlobServiceClient"/> and a <see cref="QueueServiceClient"/> named <c>ImagesStorage</c> through
    /// <c>AddAzureClients</c> (connection string, or the endpoints with the credential the same settings describe, else
    /// <c>DefaultAzureCredential</c>), and behind the Core seams: <see cref="BlobImageStore"/> as
    /// <see cref="IImageStore"/>, <see cref="BlobThumbnailStore"/> as <see cref="IThumbnailStore"/>,
    /// <see cref="BlobIngestLedger"/> as <see cref="IIngestLedger"/>,
    /// <see cref="BlobReindexJobs"/> as <see cref="IReindexJobs"/> and <see cref="StorageReindexBatchSender"/> as
    /// <see cref="IReindexBatchSender"/>, and the <see cref="QueueClient"/> of the re-index queue itself.
    /// </summary>
    public static IServiceCollection AddCarSearchStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>().Configure(options => StorageOptions.Bind(configuration, options)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());

        var connection = configuration.GetSection(StorageOptions.ConnectionSetting);
        services.AddAzureClients(clients =>
        {
            clients
                .AddClient<BlobServiceClient, BlobClientOptions>((clientOptions, credential, provider) =>
                {
                    RetryBriefly(clientOptions.Retry);
                    return Create(
                        provider.GetRequiredService<IOptions<StorageOptions>>().Value,
                        options => options.BlobServiceUri,
                        text => new BlobServiceClient(text, clientOptions),
                        endpoint => new BlobServiceClient(endpoint, credential, clientOptions));
                })
                .WithName(StorageOptions.ConnectionSetting)
                .WithCredential(provider => provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(connection));
            clients
                .AddClient<QueueServiceClient, QueueClientOptions>((clientOptions, credential, provider) =>
                {
                    // As the Functions queue trigger reads them (host.json messageEncoding).
                    clientOptions.MessageEncoding = QueueMessageEncoding.Base64;
                    RetryBriefly(clientOptions.Retry);
                    return Create(
                        provider.GetRequiredService<IOptions<StorageOptions>>().Value,
                        options => options.QueueServiceUri,
                        text => new QueueServiceClient(text, clientOptions),
                        endpoint => new QueueServiceClient(endpoint, credential, clientOptions));
                })
                .WithName(StorageOptions.ConnectionSetting)
                .WithCredential(provider => provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(connection));
        });

        services.TryAddSingleton(provider => new BlobImageStore(ContainerClient(provider, options => options.Container)));
        services.TryAddSingleton<IImageStore>(provider => provider.GetRequiredService<BlobImageStore>());
        services.TryAddSingleton(provider => new BlobThumbnailStore(
            ContainerClient(provider, options => options.ThumbnailContainer),
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.Container));
        services.TryAddSingleton<IThumbnailStore>(provider => provider.GetRequiredService<BlobThumbnailStore>());
        services.TryAddSingleton(provider => new BlobIngestLedger(
            ContainerClient(provider, options => options.LedgerContainer),
            provider.GetRequiredService<IOptions<IngestOptions>>()));
        services.TryAddSingleton<IIngestLedger>(provider => provider.GetRequiredService<BlobIngestLedger>());
        services.TryAddSingleton(provider => new BlobReindexJobs(ContainerClient(provider, options => options.LedgerContainer)));
        services.TryAddSingleton<IReindexJobs>(provider => provider.GetRequiredService<BlobReindexJobs>());
        services.TryAddSingleton(provider => provider.GetRequiredService<IAzureClientFactory<QueueServiceClient>>()
            .CreateClient(StorageOptions.ConnectionSetting)
            .GetQueueClient(provider.GetRequiredService<IOptions<StorageOptions>>().Value.ReindexQueue));
        services.TryAddSingleton(provider => new StorageReindexBatchSender(provider.GetRequiredService<QueueClient>()));
        services.TryAddSingleton<IReindexBatchSender>(provider => provider.GetRequiredService<StorageReindexBatchSender>());
        return services;
    }

    private static BlobContainerClient ContainerClient(IServiceProvider provider, Func<StorageOptions, string> container)
    {
        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var service = provider.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(StorageOptions.ConnectionSetting);
        return service.GetBlobContainerClient(container(options));
    }

    /// <summary>
    /// Three retries within about 4 s, instead of the SDK's six within about 25 s: enough for a blip, while a longer
    /// outage is the hosts' to wait out (the watcher's backoff, trigger and queue retries, reconciliation), and every
    /// caller, the status and health routes included, learns within seconds that storage is gone.
    /// </summary>
    private static void RetryBriefly(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 3;
        retry.Delay = TimeSpan.FromMilliseconds(500);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>A service client from the connection string, or from the endpoint with the app's identity.</summary>
    private static TClient Create<TClient>(
        StorageOptions options, Func<StorageOptions, Uri?> endpoint, Func<string, TClient> fromConnectionString, Func<Uri, TClient> fromEndpoint)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return fromEndpoint(endpoint(options) ?? throw new InvalidOperationException(StorageOptionsValidator.MissingConnectionMessage));
        }

        try
        {
            return fromConnectionString(options.ConnectionString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's message does not say which setting is wrong; the connection string itself may hold a key.
            throw new InvalidOperationException(
                $"The app setting '{StorageOptions.ConnectionSetting}' is not a valid storage connection string ({ex.GetType().Name}).", ex);
        }
    }
}
