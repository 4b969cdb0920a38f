using System.Security.Cryptography;
using System.Text;
using CarSearch.Cli.Indexing;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Core.Hosting;
using CarSearch.Core.Index;
using CarSearch.Storage;
using Microsoft.Extensions.Configuration;

namespace CarSearch.Cli.Serve;

/// <summary>
/// Maps <c>carsearch serve</c>'s options onto the configuration keys the shared options classes bind
/// (<c>ImagesStorage</c>, <c>ImagesContainer</c>, <c>CarSearch:Index:...</c>, <c>CarSearch:Model:...</c>), so those
/// classes stay the single source of truth and the local host reads the same settings as the Functions app.
/// Layers, lowest first: <see cref="Defaults"/>, host.json's <c>extensions</c>, environment variables, then the
/// command line.
/// </summary>
internal static class ServeConfiguration
{
    /// <summary>Where the WebJobs host keeps its receipts and internal queues; serve uses the images' account.</summary>
    public const string WebJobsStorageSetting = "AzureWebJobsStorage";

    /// <summary>Start of the WebJobs host id; see <see cref="HostIdFor"/>.</summary>
    public const string HostIdPrefix = "carsearch-local-";

    /// <summary>The Functions host's settings file; copied beside the CLI so serve's trigger runs with the same retries and parallelism.</summary>
    public const string HostJsonFileName = "host.json";

    /// <summary>Where the WebJobs SDK reads extension options (<c>BlobsOptions</c>, <c>QueuesOptions</c>) from.</summary>
    private const string WebJobsExtensionsSection = "AzureWebJobs:extensions";

    private const string HostJsonExtensionsSection = "extensions";

    /// <summary>Hex digits of the container's hash in the host id, which may be 32 characters long at most.</summary>
    private const int HostIdHashLength = 8;

    public static readonly string ModelDirectoryKey = $"{ModelOptions.SectionName}:{nameof(ModelOptions.Directory)}";

    public static readonly string IndexKindKey = $"{IndexOptions.SectionName}:{nameof(IndexOptions.Kind)}";

    public static readonly string IndexDirectoryKey =
        $"{IndexOptions.SectionName}:{nameof(IndexOptions.Local)}:{nameof(LocalIndexOptions.Directory)}";

    /// <summary>Below everything else: Azurite's storage, and logs that show what serve does rather than how.</summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        [StorageOptions.ConnectionSetting] = StorageConnection.DevelopmentStorage,
        // StorageOptions has the same default, but the trigger's "%ImagesContainer%" is resolved from configuration.
        [StorageOptions.ContainerSetting] = StorageOptions.DefaultContainer,
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        // The WebJobs host's own categories ("Host.Startup", "Host.Triggers.Blob", ...) and its per-invocation
        // "Executing/Executed" lines; a failed invocation is still logged as an error.
        ["Logging:LogLevel:Host"] = "Warning",
        ["Logging:LogLevel:Function"] = "Warning",
        ["Logging:LogLevel:Azure"] = "Warning",
        // The SDK logs every expected 404 (a receipt not written yet, a blob gone) as a warning; real failures throw.
        ["Logging:LogLevel:Azure.Core"] = "Error",
        // Serve's own start report says the same (storage, index, model) before Kestrel listens; failures still show.
        [$"Logging:LogLevel:{typeof(StartupInitializer).FullName}"] = "Warning",
    };

    /// <summary>The command-line layer: only what was given, so the environment can set the rest.</summary>
    public static Dictionary<string, string?> FromOptions(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new Dictionary<string, string?>
        {
            [ModelDirectoryKey] = Path.GetFullPath(options.ModelDirectory),
            // The local host always uses the embedded index; Cosmos DB is the Functions app's.
            [IndexKindKey] = IndexOptions.LocalKind,
        };
        if (options.Storage is { } storage)
        {
            settings[StorageOptions.ConnectionSetting] = storage;
        }

        if (options.Container is { } container)
        {
            settings[StorageOptions.ContainerSetting] = container;
        }

        if (options.IndexDirectory is { } index)
        {
            settings[IndexDirectoryKey] = Path.GetFullPath(index);
        }

        return settings;
    }

    /// <summary>Settings that follow from the others: the WebJobs host's bookkeeping lives in the images' account.</summary>
    public static Dictionary<string, string?> Derived(IConfiguration configuration) => new()
    {
        [WebJobsStorageSetting] = configuration[StorageOptions.ConnectionSetting],
    };

    /// <summary>
    /// The WebJobs host id, pinned: the blob trigger files its receipts under it, and the SDK's default changes with
    /// the machine and build, which would make every restart reprocess every blob. One per container, because hosts
    /// with the same id share the trigger's internal queue: two serves on one Azurite indexing different containers
    /// would take each other's blobs and drop them.
    /// </summary>
    public static string HostIdFor(string container) =>
        HostIdPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(container)))[..HostIdHashLength];

    /// <summary>host.json's <c>extensions</c> section (blob and queue trigger options) under the keys the WebJobs SDK reads.</summary>
    public static Dictionary<string, string?> HostJsonExtensions(string directory)
    {
        var path = Path.Combine(directory, HostJsonFileName);
        var settings = new Dictionary<string, string?>();
        if (!File.Exists(path))
        {
            return settings;
        }

        var hostJson = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
        foreach (var (key, value) in hostJson.GetSection(HostJsonExtensionsSection).AsEnumerable(makePathsRelative: true))
        {
            if (value is not null)
            {
                settings[$"{WebJobsExtensionsSection}:{key}"] = value;
            }
        }

        return settings;
    }
}
