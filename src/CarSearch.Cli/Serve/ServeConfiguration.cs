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
/// Layers, lowest first: <see cref="Defaults"/>, environment variables, then the command line.
/// </summary>
internal static class ServeConfiguration
{
    public static readonly string ModelDirectoryKey = $"{ModelOptions.SectionName}:{nameof(ModelOptions.Directory)}";

    public static readonly string IndexKindKey = $"{IndexOptions.SectionName}:{nameof(IndexOptions.Kind)}";

    public static readonly string IndexDirectoryKey =
        $"{IndexOptions.SectionName}:{nameof(IndexOptions.Local)}:{nameof(LocalIndexOptions.Directory)}";

    /// <summary>Below everything else: Azurite's storage, and logs that show what serve does rather than how.</summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        [StorageOptions.ConnectionSetting] = StorageConnection.DevelopmentStorage,
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
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
}
