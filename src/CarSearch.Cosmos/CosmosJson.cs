using System.Text.Json;

namespace CarSearch.Cosmos;

/// <summary>
/// How items and query parameters are written: System.Text.Json with camelCase names, so the stored document is
/// <c>id, name, contentHash, width, height, format, sizeBytes, metadata, modelId, indexedAt, sourceVersion, duplicateOf, embedding</c>.
/// </summary>
internal static class CosmosJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // Web defaults read numbers from strings; stored items and answers always hold real numbers.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };
}
