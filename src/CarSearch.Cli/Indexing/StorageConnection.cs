using Azure.Identity;
using Azure.Storage.Blobs;
using CarSearch.Cli.Infrastructure;

namespace CarSearch.Cli.Indexing;

/// <summary>
/// Turns <c>--storage</c> into a blob service client: a connection string (<c>UseDevelopmentStorage=true</c> for
/// Azurite), or a blob endpoint URL, signed in with <see cref="DefaultAzureCredential"/> (<c>az login</c>, environment,
/// managed identity) or, when the URL carries one, with its SAS token.
/// </summary>
public static class StorageConnection
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>
    /// Fewer and shorter retries than the SDK's default, so an unreachable account is reported in seconds; a busy one
    /// still gets three more tries.
    /// </summary>
    private static BlobClientOptions ClientOptions => new()
    {
        Retry =
        {
            MaxRetries = 3,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(8),
        },
    };

    /// <exception cref="CommandLineUsageException">It is neither a connection string nor a blob endpoint URL.</exception>
    public static BlobServiceClient Open(string storage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storage);
        if (Uri.TryCreate(storage, UriKind.Absolute, out var url) && url.Scheme is "https" or "http")
        {
            return string.IsNullOrEmpty(url.Query)
                ? new BlobServiceClient(url, new DefaultAzureCredential(), ClientOptions)
                : new BlobServiceClient(url, ClientOptions);
        }

        try
        {
            return new BlobServiceClient(storage, ClientOptions);
        }
        catch (Exception malformed) when (malformed is FormatException or ArgumentException or InvalidOperationException)
        {
            // Never echo the value: a connection string holds the account key.
            throw new CommandLineUsageException(
                "--storage is neither a storage connection string ('UseDevelopmentStorage=true', 'DefaultEndpointsProtocol=https;AccountName=...') " +
                "nor a blob endpoint URL (https://<account>.blob.core.windows.net).");
        }
    }

    /// <summary>The client's endpoint without its query, which may hold a SAS token.</summary>
    public static string Describe(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return new UriBuilder(container.Uri) { Query = string.Empty }.Uri.ToString();
    }
}
