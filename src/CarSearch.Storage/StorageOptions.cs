using Microsoft.Extensions.Configuration;

namespace CarSearch.Storage;

/// <summary>
/// Where the images are: the storage account (app setting <c>ImagesStorage</c>) and the container
/// (<c>ImagesContainer</c>). Both are top-level settings because the Functions blob trigger reads the same two
/// (<c>Connection = "ImagesStorage"</c>, <c>"%ImagesContainer%/{name}"</c>); this class is the one place the app
/// reads them.
/// </summary>
/// <remarks>
/// <c>ImagesStorage</c> is either a connection string (<c>UseDevelopmentStorage=true</c> for Azurite) or, for an
/// identity-based connection as the Functions extensions understand it, a group of settings:
/// <c>ImagesStorage__blobServiceUri</c> (or <c>__serviceUri</c>) with the blob endpoint, optionally
/// <c>ImagesStorage__queueServiceUri</c> for the trigger's queues, <c>ImagesStorage__credential</c> =
/// <c>managedidentity</c> and <c>ImagesStorage__clientId</c> for a user-assigned identity. Without explicit
/// credential settings the app uses <c>DefaultAzureCredential</c>.
/// </remarks>
public sealed class StorageOptions
{
    public const string ConnectionSetting = "ImagesStorage";

    public const string ContainerSetting = "ImagesContainer";

    /// <summary>
    /// The blob trigger's path in both hosts: every blob of the <see cref="ContainerSetting"/> container, resolved by the
    /// host (<c>%ImagesContainer%</c>); <c>{name}</c> is the blob name, virtual folders included.
    /// </summary>
    public const string TriggerPath = "%" + ContainerSetting + "%/{name}";

    /// <summary>Section of the settings that only this app reads (<c>CarSearch:Storage:LedgerContainer</c>).</summary>
    public const string SectionName = "CarSearch:Storage";

    public const string BlobServiceUriKey = "blobServiceUri";

    /// <summary>The Functions extensions also accept the shorter key for a blob-only connection.</summary>
    public const string ServiceUriKey = "serviceUri";

    public const string DefaultContainer = "car-images";

    public const string DefaultLedgerContainer = "carsearch-ingest";

    /// <summary>The connection string, when <c>ImagesStorage</c> is one.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob endpoint of an identity-based connection (<c>ImagesStorage__blobServiceUri</c>).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The images' container (<c>ImagesContainer</c>).</summary>
    public string Container { get; set; } = DefaultContainer;

    /// <summary>The container beside it that holds the ingest failures (see <see cref="BlobIngestLedger"/>).</summary>
    public string LedgerContainer { get; set; } = DefaultLedgerContainer;

    /// <summary>Azure's container-name rule in words, for every message that refuses a name.</summary>
    public static string ContainerNameRule => StorageOptionsValidator.ContainerNameRule;

    /// <summary>
    /// Whether <paramref name="name"/> follows <see cref="ContainerNameRule"/>, for callers that take a container name
    /// from elsewhere (<c>carsearch index --container</c>).
    /// </summary>
    public static bool IsValidContainerName(string? name) => StorageOptionsValidator.IsValidContainerName(name);

    /// <summary>Fills <paramref name="options"/> from the app settings described above.</summary>
    public static void Bind(IConfiguration configuration, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);

        var connection = configuration.GetSection(ConnectionSetting);
        if (!string.IsNullOrWhiteSpace(connection.Value))
        {
            options.ConnectionString = connection.Value.Trim();
        }

        var serviceUri = connection[BlobServiceUriKey] ?? connection[ServiceUriKey];
        if (!string.IsNullOrWhiteSpace(serviceUri))
        {
            // An unparsable value is kept as a relative URI so validation can name the setting instead of throwing here.
            options.BlobServiceUri = Uri.TryCreate(serviceUri.Trim(), UriKind.Absolute, out var absolute)
                ? absolute
                : new Uri(serviceUri.Trim(), UriKind.Relative);
        }

        if (configuration[ContainerSetting] is { Length: > 0 } container)
        {
            options.Container = container.Trim();
        }

        if (configuration.GetSection(SectionName)[nameof(LedgerContainer)] is { Length: > 0 } ledger)
        {
            options.LedgerContainer = ledger.Trim();
        }
    }
}
