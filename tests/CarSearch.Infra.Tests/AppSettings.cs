using System.Text.Json.Nodes;
using CarSearch.Core.Index;
using CarSearch.Infra.Tests.Arm;
using CarSearch.Storage;

namespace CarSearch.Infra.Tests;

/// <summary>The Function app's settings in a compiled deployment, and the names the app reads them by.</summary>
internal sealed class AppSettings
{
    // The blob and queue triggers' connection, the container and queue they watch, the timer's schedule. Trigger
    // attributes take names, not options classes (Connection = "ImagesStorage", %ImagesContainer%,
    // %ImageDeletesQueue%, %ReconcileSchedule%), so these are the agreed names (FunctionSettings in the app).
    public const string ImagesConnection = "ImagesStorage";
    public const string ImagesContainer = "ImagesContainer";
    public const string ImageDeletesQueue = "ImageDeletesQueue";
    public const string ReconcileSchedule = "ReconcileSchedule";

    /// <summary>Settings the Functions runtime reads for its own identity-based storage.</summary>
    public const string HostStorage = "AzureWebJobsStorage";

    public const string AzureClientId = "AZURE_CLIENT_ID";
    public const string AppInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AppInsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static readonly string IndexKind = Of(IndexOptions.SectionName, nameof(IndexOptions.Kind));
    public static readonly string IndexDimensions = Of(IndexOptions.SectionName, nameof(IndexOptions.Dimensions));
    public static readonly string CosmosEndpoint = Cosmos(nameof(CosmosIndexOptions.Endpoint));
    public static readonly string CosmosKey = Cosmos(nameof(CosmosIndexOptions.Key));
    public static readonly string CosmosDatabase = Cosmos(nameof(CosmosIndexOptions.Database));
    public static readonly string CosmosContainer = Cosmos(nameof(CosmosIndexOptions.Container));
    public static readonly string CosmosVectorIndexType = Cosmos(nameof(CosmosIndexOptions.VectorIndexType));
    public static readonly string CosmosCreateIfNotExists = Cosmos(nameof(CosmosIndexOptions.CreateIfNotExists));
    public static readonly string DefaultMinScore = Of(Core.Search.SearchOptions.SectionName, nameof(Core.Search.SearchOptions.DefaultMinScore));
    public static readonly string ThumbnailContainer = Of(StorageOptions.SectionName, nameof(StorageOptions.ThumbnailContainer));

    private readonly Dictionary<string, JsonNode?> _values;

    public AppSettings(ArmResource site)
    {
        Site = site;
        var settings = site.Properties["siteConfig"]?["appSettings"]?.AsArray()
            ?? throw new InvalidOperationException("The Function app declares no siteConfig.appSettings.");
        _values = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings)
        {
            var name = setting!["name"]!.GetValue<string>();
            Assert.False(_values.ContainsKey(name), $"App setting {name} is declared twice.");
            _values[name] = setting["value"];
        }
    }

    public ArmResource Site { get; }

    public IReadOnlyCollection<string> Names => _values.Keys;

    public IEnumerable<KeyValuePair<string, JsonNode?>> All => _values;

    /// <summary>A configuration key as an app setting: <c>:</c> becomes <c>__</c>.</summary>
    public static string Of(string section, string key) => $"{section}:{key}".Replace(":", "__", StringComparison.Ordinal);

    public static AppSettings Of(ArmTemplate deployment) => new(deployment.Single(ResourceTypes.Site));

    /// <summary>The value the deployment sets, or the expression text where only Azure knows it; fails when absent.</summary>
    public string this[string name]
    {
        get
        {
            Assert.True(_values.TryGetValue(name, out var value), $"App setting {name} is missing. Present: {string.Join(", ", _values.Keys)}");
            return value!.GetValue<string>();
        }
    }

    private static string Cosmos(string key) => Of(IndexOptions.SectionName, $"{nameof(IndexOptions.Cosmos)}:{key}");
}
