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

    /// <summary>The queue re-index batches travel through; top-level, because the Functions queue trigger names it.</summary>
    public const string ReindexQueueSetting = "ReindexQueue";

    /// <summary>
    /// The blob trigger's path in both hosts: every blob of the <see cref="ContainerSetting"/> container, resolved by the
    /// host (<c>%ImagesContainer%</c>); <c>{name}</c> is the blob name, virtual folders included.
    /// </summary>
    public const string TriggerPath = "%" + ContainerSetting + "%/{name}";

    /// <summary>
    /// Section of the settings that only this app reads (<c>CarSearch:Storage:LedgerContainer</c>,
    /// <c>CarSearch:Storage:ThumbnailContainer</c>).
    /// </summary>
    public const string SectionName = "CarSearch:Storage";

    public const string BlobServiceUriKey = "blobServiceUri";

    /// <summary>The Functions extensions also accept the shorter key for a blob-only connection.</summary>
    public const string ServiceUriKey = "serviceUri";

    public const string QueueServiceUriKey = "queueServiceUri";

    public const string DefaultContainer = "car-images";

    public const string DefaultLedgerContainer = "carsearch-ingest";

    public const string DefaultReindexQueue = "carsearch-reindex";

    public const string DefaultThumbnailContainer = "thumbnails";

    /// <summary>The connection string, when <c>ImagesStorage</c> is one.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob endpoint of an identity-based connection (<c>ImagesStorage__blobServiceUri</c>).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The queue endpoint of an identity-based connection (<c>ImagesStorage__queueServiceUri</c>).</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>The re-index batches' queue (<c>ReindexQueue</c>), in the images' account.</summary>
    public string ReindexQueue { get; set; } = DefaultReindexQueue;

    /// <summary>The images' container (<c>ImagesContainer</c>).</summary>
    public string Container { get; set; } = DefaultContainer;

    /// <summary>The container beside it that holds the ingest failures (see <see cref="BlobIngestLedger"/>).</summary>
    public string LedgerContainer { get; set; } = DefaultLedgerContainer;

    /// <summary>The container beside it that holds the thumbnails (see <see cref="BlobThumbnailStore"/>).</summary>
    public string ThumbnailContainer { get; set; } = DefaultThumbnailContainer;

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

        options.BlobServiceUri = UriSetting(connection[BlobServiceUriKey] ?? connection[ServiceUriKey]) ?? options.BlobServiceUri;
        options.QueueServiceUri = UriSetting(connection[QueueServiceUriKey]) ?? options.QueueServiceUri;
        if (configuration[ReindexQueueSetting] is { Length: > 0 } reindexQueue)
        {
            options.ReindexQueue = reindexQueue.Trim();
        }

        if (configuration[ContainerSetting] is { Length: > 0 } container)
        {
            options.Container = container.Trim();
        }

        if (configuration.GetSection(SectionName)[nameof(LedgerContainer)] is { Length: > 0 } ledger)
        {
            options.LedgerContainer = ledger.Trim();
        }

        if (configuration.GetSection(SectionName)[nameof(ThumbnailContainer)] is { Length: > 0 } thumbnails)
        {
            options.ThumbnailContainer = thumbnails.Trim();
        }
    }

    /// <summary>An endpoint setting; an unparsable value is kept as a relative URI so validation names the setting.</summary>
    private static Uri? UriSetting(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? null
            : Uri.TryCreate(value.Trim(), UriKind.Absolute, out var absolute) ? absolute : new Uri(value.Trim(), UriKind.Relative);
}
