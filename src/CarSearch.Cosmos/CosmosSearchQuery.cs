using CarSearch.Core.Index;
using Microsoft.Azure.Cosmos;

namespace CarSearch.Cosmos;

/// <summary>
/// Turns a <see cref="VectorQuery"/> into ONE parameterised Cosmos DB SQL query. Every user-supplied value, metadata
/// keys included, travels as a parameter (<c>c.filterMetadata[@key0] = @value0</c>); the query text only ever depends on
/// how many filters there are and how many documents are left
/// out, so it cannot be injected into, and every page of a
/// search sends the same text, so the service can reuse its plan.
/// </summary>
internal static class CosmosSearchQuery
{
    private const string Distance = "VectorDistance(c.embedding, @vector)";

    /// <summary>
    /// The best <paramref name="rows"/> documents for the query, most similar first. Vector (non-streaming ORDER BY)
    /// queries cannot resume from an SDK continuation token, so a later page asks again from the top for enough rows
    /// to reach past its key (<see cref="CosmosKeysetPage"/>).
    /// </summary>
    public static QueryDefinition Build(VectorQuery query, int rows)
    {
        var conditions = new List<string>();
        var parameters = new List<(string Name, object Value)> { ("@vector", query.Vector) };

        // Sorted so the same filters always give the same text, which lets the service reuse its query plan.
        var index = 0;
        var filters = (query.Filters ?? new Dictionary<string, string>())
            .Select(f => (Key: CosmosDocumentMapping.NormalizeMetadataKey(f.Key), f.Value))
            .OrderBy(f => f.Key, StringComparer.Ordinal);
        foreach (var (key, value) in filters)
        {
            conditions.Add($"c.{CosmosDocumentMapping.FilterMetadataProperty}[@key{index}] = @value{index}");
            parameters.Add(($"@key{index}", key));
            parameters.Add(($"@value{index}", value));
            index++;
        }

        // Sorted like the filters, so the same images left out always give the same text.
        var excluded = 0;
        foreach (var id in (query.ExcludeIds ?? []).Distinct().Order(StringComparer.Ordinal))
        {
            conditions.Add($"c.id != @exclude{excluded}");
            parameters.Add(($"@exclude{excluded}", id));
            excluded++;
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        var text = $"SELECT TOP @top c.id, c.name, c.metadata, c.duplicateOf, {Distance} AS score FROM c{where} ORDER BY {Distance}";

        var definition = new QueryDefinition(text);
        foreach (var (name, value) in parameters)
        {
            definition.WithParameter(name, value);
        }

        return definition.WithParameter("@top", rows);
    }
}
