using System.Reflection;
using CarSearch.Api;
using CarSearch.Core.Index;
using CarSearch.Cosmos;
using CarSearch.Storage;

namespace CarSearch.Functions.Tests.Infrastructure;

/// <summary>One setting an options class binds: its configuration key, and how to read it from a bound instance.</summary>
public sealed record OptionsSetting(Type OptionsType, string Key, IReadOnlyList<PropertyInfo> Path)
{
    public object? ValueIn(object options) => Path.Aggregate<PropertyInfo, object?>(options, (owner, property) => property.GetValue(owner));

    public override string ToString() => Key;
}

/// <summary>
/// Every setting the app binds, found by reflection: each <c>*Options</c> class of the app's assemblies with a
/// <c>SectionName</c>, its settable properties, nested settings classes walked. A new option is found without
/// anyone listing it.
/// </summary>
public static class OptionsCatalog
{
    /// <summary>
    /// <see cref="StorageOptions"/> binds these properties from top-level settings shared with the trigger attributes
    /// (see <see cref="StorageOptions.Bind"/>), not from its section.
    /// </summary>
    private static readonly Dictionary<string, string> StorageTopLevel = new(StringComparer.Ordinal)
    {
        [nameof(StorageOptions.ConnectionString)] = StorageOptions.ConnectionSetting,
        [nameof(StorageOptions.BlobServiceUri)] = $"{StorageOptions.ConnectionSetting}:{StorageOptions.BlobServiceUriKey}",
        [nameof(StorageOptions.QueueServiceUri)] = $"{StorageOptions.ConnectionSetting}:{StorageOptions.QueueServiceUriKey}",
        [nameof(StorageOptions.Container)] = StorageOptions.ContainerSetting,
        [nameof(StorageOptions.ReindexQueue)] = StorageOptions.ReindexQueueSetting,
    };

    private static readonly Assembly[] AppAssemblies =
    [
        typeof(IndexOptions).Assembly, typeof(ApiOptions).Assembly, typeof(StorageOptions).Assembly,
        typeof(CosmosVectorIndex).Assembly,
    ];

    public static IReadOnlyList<OptionsSetting> All { get; } = [.. AppAssemblies.Distinct().SelectMany(SettingsOf)];

    public static IEnumerable<Type> OptionsTypes => All.Select(setting => setting.OptionsType).Distinct();

    private static IEnumerable<OptionsSetting> SettingsOf(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(type => type.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(type => (Type: type, Section: type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(options => options.Section is not null)
            .SelectMany(options => Walk(options.Type, options.Type, options.Section!, []));

    private static IEnumerable<OptionsSetting> Walk(Type optionsType, Type type, string prefix, IReadOnlyList<PropertyInfo> path)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite))
        {
            var propertyPath = path.Append(property).ToList();
            if (IsSettingsClass(property.PropertyType))
            {
                foreach (var nested in Walk(optionsType, property.PropertyType, $"{prefix}:{property.Name}", propertyPath))
                {
                    yield return nested;
                }
            }
            else
            {
                var key = optionsType == typeof(StorageOptions) && StorageTopLevel.TryGetValue(property.Name, out var topLevel)
                    ? topLevel
                    : $"{prefix}:{property.Name}";
                yield return new OptionsSetting(optionsType, key, propertyPath);
            }
        }
    }

    private static bool IsSettingsClass(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(Uri) && type.Namespace?.StartsWith("CarSearch", StringComparison.Ordinal) == true;
}
