using System.Text.Json;
using System.Text.Json.Nodes;
using CarSearch.Core.Index;

namespace CarSearch.Cosmos;

/// <summary>
/// What changes between an <see cref="ImageDocument"/> and the item stored in Cosmos DB. The item is the document's
/// camelCase JSON plus <c>filterMetadata</c>: the metadata again with lower-case keys, because a Cosmos DB property
/// lookup is case-sensitive while filter keys must match case-insensitively, and <c>metadata</c> itself keeps the
/// keys as the user wrote them. Read back, metadata looks keys up case-insensitively.
/// </summary>
internal static class CosmosDocumentMapping
{
    /// <summary>The item property filters compare against: lower-case metadata keys, values as given.</summary>
    public const string FilterMetadataProperty = "filterMetadata";

    public static string NormalizeMetadataKey(string key) => key.ToLowerInvariant();

    public static JsonObject ToItem(ImageDocument document)
    {
        var filterMetadata = new JsonObject();
        foreach (var (key, value) in document.Metadata)
        {
            if (!filterMetadata.TryAdd(NormalizeMetadataKey(key), value))
            {
                throw new ArgumentException(
                    $"Metadata of '{document.Id}' has two keys that differ only in case ('{key}'); keys are case-insensitive.",
                    nameof(document));
            }
        }

        var item = JsonSerializer.SerializeToNode(document, CosmosJson.Options)!.AsObject();
        item[FilterMetadataProperty] = filterMetadata;
        return item;
    }

    public static ImageDocument FromItem(ImageDocument stored) =>
        stored with { Metadata = CaseInsensitive(stored.Metadata) };

    public static IReadOnlyDictionary<string, string> CaseInsensitive(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);
}
