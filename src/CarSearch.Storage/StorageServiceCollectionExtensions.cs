using Azure.Core;
using Azure.Storage.Blobs;
using CarSearch.Core.Ingest;
using CarSearch.Core.Storage;
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
    /// Reads <see cref="StorageOptions"/> from the app settings <c>ImagesStorage</c> and <c>ImagesContainer</c>
    /// (validated at start: a missing connection names the setting to set), registers a
    /// <see cref="BlobServiceClient"/> named <c>ImagesStorage</c> through <c>AddAzureClients</c> (connection string,
    /// or the endpoint with the credential the same settings describe, else <c>DefaultAzureCredential</c>), and
    /// <see cref="BlobImageStore"/> as <see cref="IImageStore"/> and <see cref="BlobIngestLedger"/> as
    /// <see cref="IIngestLedger"/>.
    /// </summary>
    public static IServiceCollection AddCarSearchStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>().Configure(options => StorageOptions.Bind(configuration, options)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());

        var connection = configuration.GetSection(StorageOptions.ConnectionSetting);
        services.AddAzureClients(clients => clients
            .AddClient<BlobServiceClient, BlobClientOptions>((clientOptions, credential, provider) =>
                CreateServiceClient(provider.GetRequiredService<IOptions<StorageOptions>>().Value, clientOptions, credential))
            .WithName(StorageOptions.ConnectionSetting)
            .WithCredential(provider => provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(connection)));

        services.TryAddSingleton(provider => new BlobImageStore(ContainerClient(provider, options => options.Container)));
        services.TryAddSingleton<IImageStore>(provider => provider.GetRequiredService<BlobImageStore>());
        services.TryAddSingleton(provider => new BlobIngestLedger(
            ContainerClient(provider, options => options.LedgerContainer),
            provider.GetRequiredService<IOptions<IngestOptions>>()));
        services.TryAddSingleton<IIngestLedger>(provider => provider.GetRequiredService<BlobIngestLedger>());
        return services;
    }

    private static BlobContainerClient ContainerClient(IServiceProvider provider, Func<StorageOptions, string> container)
    {
        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var service = provider.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(StorageOptions.ConnectionSetting);
        return service.GetBlobContainerClient(container(options));
    }

    private static BlobServiceClient CreateServiceClient(StorageOptions options, BlobClientOptions clientOptions, TokenCredential credential)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new BlobServiceClient(
                options.BlobServiceUri ?? throw new InvalidOperationException(StorageOptionsValidator.MissingConnectionMessage),
                credential,
                clientOptions);
        }

        try
        {
            return new BlobServiceClient(options.ConnectionString, clientOptions);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's message does not say which setting is wrong; the connection string itself may hold a key.
            throw new InvalidOperationException(
                $"The app setting '{StorageOptions.ConnectionSetting}' is not a valid storage connection string ({ex.GetType().Name}).", ex);
        }
    }
}
