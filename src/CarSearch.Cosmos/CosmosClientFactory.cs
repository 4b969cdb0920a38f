using Azure.Core;
using Azure.Identity;
using CarSearch.Core.Index;
using Microsoft.Azure.Cosmos;

namespace CarSearch.Cosmos;

/// <summary>
/// Creates the one <see cref="CosmosClient"/> the app shares: account key when one is configured, otherwise
/// <see cref="DefaultAzureCredential"/> (the Function app's managed identity in Azure, the developer's sign-in locally).
/// </summary>
public static class CosmosClientFactory
{
    private const string ApplicationName = "CarSearch";

    /// <param name="options">Validated Cosmos settings (Endpoint set).</param>
    /// <param name="credential">Identity to use when no key is set; null for <see cref="DefaultAzureCredential"/>.</param>
    /// <param name="configure">Adjusts the client options, e.g. the transport in tests.</param>
    public static CosmosClient Create(
        CosmosIndexOptions options,
        TokenCredential? credential = null,
        Action<CosmosClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Endpoint);

        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = ApplicationName,
            UseSystemTextJsonSerializerWithOptions = CosmosJson.Options,
            // Writes need only the status; echoing a 512-float document back costs bandwidth and time.
            EnableContentResponseOnWrite = false,
            // 429s are retried by the SDK with the service's retry-after (9 attempts within 30 s by default).
        };
        configure?.Invoke(clientOptions);

        return string.IsNullOrWhiteSpace(options.Key)
            ? new CosmosClient(options.Endpoint, credential ?? new DefaultAzureCredential(), clientOptions)
            : new CosmosClient(options.Endpoint, options.Key, clientOptions);
    }
}
