using System.Text.Json;
using CarSearch.Tests;
using Microsoft.Extensions.Configuration;

namespace CarSearch.Functions.Tests.Infrastructure;

/// <summary>local.settings.sample.json at the repository top, as <c>func start</c> would read it once copied.</summary>
public static class LocalSettingsSample
{
    public const string FileName = "local.settings.sample.json";

    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot.Directory, FileName))));

    public static JsonElement Root => Document.Value.RootElement;

    private const string ValuesProperty = "Values";

    private static readonly Lazy<Dictionary<string, string>> LazyValues = new(() =>
        Root.GetProperty(ValuesProperty).EnumerateObject().ToDictionary(
            setting => setting.Name,
            setting => setting.Value.GetString() ?? throw new InvalidOperationException($"{setting.Name} is not a string."),
            StringComparer.OrdinalIgnoreCase));

    /// <summary>The app settings, names as written (<c>CarSearch__Index__Kind</c>).</summary>
    public static IReadOnlyDictionary<string, string> Values => LazyValues.Value;

    /// <summary>The settings as configuration keys, as the host's environment variables become them (<c>__</c> → <c>:</c>).</summary>
    public static IReadOnlyDictionary<string, string?> AsConfigurationKeys() =>
        Values.ToDictionary(setting => ToKey(setting.Key), setting => (string?)setting.Value, StringComparer.OrdinalIgnoreCase);

    public static IConfiguration Configuration() => new ConfigurationBuilder().AddInMemoryCollection(AsConfigurationKeys()).Build();

    public static string ToKey(string setting) => setting.Replace("__", ":", StringComparison.Ordinal);

    public static string ToSetting(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
