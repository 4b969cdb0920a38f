using CarSearch.Core.Index;

namespace CarSearch.Cosmos;

/// <summary>
/// What changes between an <see cref="ImageDocument"/> and the item stored in Cosmos DB: metadata keys are stored in
/// lower case, because a Cosmos DB property lookup is case-sensitive and filters must match keys case-insensitively;
/// keys come back in lower case, in a dictionary that looks them up case-insensitively.
/// </summary>
internal static class CosmosDocumentMapping
{
    public static string NormalizeMetadataKey(string key) => key.ToLowerInvariant();

    public static ImageDocument ToStored(ImageDocument document)
    {
        var metadata = new Dictionary<string, string>(document.Metadata.Count, StringComparer.Ordinal);
        foreach (var (key, value) in document.Metadata)
        {
            if (!metadata.TryAdd(NormalizeMetadataKey(key), value))
            {
                throw new ArgumentException(
                    $"Metadata of '{document.Id}' has two keys that differ only in case ('{key}'); keys are case-insensitive.",
                    nameof(document));
            }
        }

        return document with { Metadata = metadata };
    }

    public static ImageDocument FromStored(ImageDocument stored) =>
        stored with { Metadata = CaseInsensitive(stored.Metadata) };

    public static IReadOnlyDictionary<string, string> CaseInsensitive(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);
}
