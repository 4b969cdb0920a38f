using System.Text.RegularExpressions;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Functions.Hosting;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Storage;
using Microsoft.Extensions.Configuration;

namespace CarSearch.Functions.Tests;

/// <summary>
/// local.settings.sample.json holds every setting the app reads, each with its default, and nothing else: copied to
/// src/CarSearch.Functions/local.settings.json it runs the app against Azurite as it is.
/// </summary>
public sealed partial class LocalSettingsSampleTests
{
    /// <summary>Settings the Functions host and Core Tools need, with their local values.</summary>
    private static readonly Dictionary<string, string> HostSettings = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
    };

    /// <summary>Settings whose sample value is not their default, and why.</summary>
    private static readonly Dictionary<string, string> NotDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        [StorageOptions.ConnectionSetting] = "required, no default: Azurite locally",
    };

    /// <summary>Options the sample leaves out on purpose, and why; the test checks they stay out.</summary>
    private static readonly Dictionary<string, string> LeftOut = new(StringComparer.OrdinalIgnoreCase)
    {
        [$"{StorageOptions.ConnectionSetting}:{StorageOptions.BlobServiceUriKey}"] =
            "the identity-based alternative to the connection string (Azure sets it, with the credential)",
        [$"{StorageOptions.ConnectionSetting}:{StorageOptions.QueueServiceUriKey}"] =
            "the identity-based connection's queue endpoint (Azure sets it with the blob endpoint)",
        [$"{IndexOptions.SectionName}:{nameof(IndexOptions.Local)}:{nameof(LocalIndexOptions.Directory)}"] =
            "its default is per user (local application data), which a sample value would pin to one machine",
        [$"{IngestOptions.SectionName}:{nameof(IngestOptions.MaxConcurrentDecodes)}"] =
            "its default is the machine's processor count, at most 4",
        [$"{IngestOptions.SectionName}:{nameof(IngestOptions.ReconciliationInterval)}"] =
            "the interval of carsearch serve's container watcher; the Functions app reconciles on ReconcileSchedule",
        [$"{IngestOptions.SectionName}:{nameof(IngestOptions.MaxAttempts)}"] =
            "taken from host.json's poisonBlobThreshold, the blob trigger's own count, which a setting must not contradict",
    };

    [Fact]
    public void IsPlainJsonForCoreToolsWithTheHostSettings()
    {
        Assert.False(LocalSettingsSample.Root.GetProperty("IsEncrypted").GetBoolean());
        foreach (var (name, value) in HostSettings)
        {
            Assert.Equal(value, LocalSettingsSample.Values[name]);
        }

        Assert.Equal("UseDevelopmentStorage=true", LocalSettingsSample.Values[StorageOptions.ConnectionSetting]);
    }

    [Fact]
    public void HoldsEveryOptionTheAppBindsExceptThoseLeftOutOnPurpose()
    {
        var expected = OptionsCatalog.All.Select(setting => LocalSettingsSample.ToSetting(setting.Key))
            .Where(setting => !LeftOut.ContainsKey(LocalSettingsSample.ToKey(setting)));

        Assert.Empty(expected.Except(LocalSettingsSample.Values.Keys, StringComparer.OrdinalIgnoreCase));
        Assert.Empty(LeftOut.Keys.Select(LocalSettingsSample.ToSetting).Intersect(LocalSettingsSample.Values.Keys, StringComparer.OrdinalIgnoreCase));
        Assert.All(LeftOut.Keys, key => Assert.Contains(key, OptionsCatalog.All.Select(setting => setting.Key), StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void HoldsEverySettingATriggerAttributeNames()
    {
        var named = FunctionsMetadata.All
            .SelectMany(binding => binding.Json.EnumerateObject())
            .Where(property => property.Value.ValueKind == System.Text.Json.JsonValueKind.String)
            .SelectMany(property => SettingReference().Matches(property.Value.GetString()!).Select(match => match.Groups[1].Value))
            .Concat(FunctionsMetadata.All.Select(binding => binding["connection"]).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .ToList();

        string[] expected =
        [
            FunctionSettings.ImagesConnection, StorageOptions.ContainerSetting,
            FunctionSettings.ImageDeletesQueueSetting, FunctionSettings.ReconcileScheduleSetting, StorageOptions.ReindexQueueSetting,
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
        Assert.All(named, setting => Assert.Contains(setting, LocalSettingsSample.Values.Keys));
        Assert.Equal(FunctionSettings.DefaultImageDeletesQueue, LocalSettingsSample.Values[FunctionSettings.ImageDeletesQueueSetting]);
        Assert.Equal(FunctionSettings.DefaultReconcileSchedule, LocalSettingsSample.Values[FunctionSettings.ReconcileScheduleSetting]);
        Assert.Equal(StorageOptions.DefaultReindexQueue, LocalSettingsSample.Values[StorageOptions.ReindexQueueSetting]);
    }

    [Fact]
    public void HoldsNothingTheAppDoesNotRead()
    {
        var known = HostSettings.Keys
            .Concat(OptionsCatalog.All.Select(setting => LocalSettingsSample.ToSetting(setting.Key)))
            .Concat([FunctionSettings.ImageDeletesQueueSetting, FunctionSettings.ReconcileScheduleSetting]);

        Assert.Empty(LocalSettingsSample.Values.Keys.Except(known, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Bound as the app binds it, each sample value is the option's default: the sample documents the defaults.</summary>
    [Fact]
    public void EverySampleValueIsTheOptionsDefault()
    {
        var configuration = LocalSettingsSample.Configuration();
        foreach (var type in OptionsCatalog.OptionsTypes)
        {
            var defaults = Activator.CreateInstance(type)!;
            var bound = Bind(type, configuration);
            foreach (var setting in OptionsCatalog.All.Where(s => s.OptionsType == type && !LeftOut.ContainsKey(s.Key) && !NotDefaults.ContainsKey(s.Key)))
            {
                Assert.True(
                    SameValue(setting.ValueIn(defaults), setting.ValueIn(bound)),
                    $"{LocalSettingsSample.ToSetting(setting.Key)}: sample '{setting.ValueIn(bound)}', default '{setting.ValueIn(defaults)}'");
            }
        }
    }

    private static object Bind(Type type, IConfiguration configuration)
    {
        var options = Activator.CreateInstance(type)!;
        if (options is StorageOptions storage)
        {
            StorageOptions.Bind(configuration, storage);
        }
        else
        {
            configuration.GetSection((string)type.GetField("SectionName")!.GetRawConstantValue()!).Bind(options);
        }

        return options;
    }

    /// <summary>An empty sample value stands for an unset one.</summary>
    private static bool SameValue(object? expected, object? actual) =>
        Equals(expected, actual) || (IsUnset(expected) && IsUnset(actual));

    private static bool IsUnset(object? value) => value is null or "";

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
