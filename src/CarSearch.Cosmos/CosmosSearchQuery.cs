using CarSearch.Core.Index;
using Microsoft.Azure.Cosmos;

namespace CarSearch.Cosmos;

/// <summary>
/// Turns a <see cref="VectorQuery"/> into ONE parameterised Cosmos DB SQL query. Every user-supplied value, metadata
/// keys included, travels as a parameter (<c>c.filterMetadata[@key0] = @value0</c>); the query text only ever depends on
/// how many filters there are and whether this is the first page, so it cannot be injected into.
/// </summary>
internal static class CosmosSearchQuery
{
    private const string Distance = "VectorDistance(c.embedding, @vector)";

    /// <summary>
    /// The query for one page, asking for one row more than the page holds so the caller knows whether a next page
    /// exists. The first page uses TOP, which the service serves more cheaply than OFFSET 0 LIMIT n; later pages use
    /// OFFSET/LIMIT, because vector (non-streaming ORDER BY) queries cannot resume from an SDK continuation token.
    /// </summary>
    public static QueryDefinition Build(VectorQuery query, int offset)
    {
        var rows = query.Top + 1;
        var select = offset == 0 ? "SELECT TOP @top" : "SELECT";
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

        if (query.ExcludeId is not null)
        {
            conditions.Add("c.id != @excludeId");
            parameters.Add(("@excludeId", query.ExcludeId));
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        var page = offset == 0 ? "" : " OFFSET @offset LIMIT @limit";
        var text = $"{select} c.id, c.name, c.metadata, {Distance} AS score FROM c{where} ORDER BY {Distance}{page}";

        var definition = new QueryDefinition(text);
        foreach (var (name, value) in parameters)
        {
            definition.WithParameter(name, value);
        }

        return offset == 0
            ? definition.WithParameter("@top", rows)
            : definition.WithParameter("@offset", offset).WithParameter("@limit", rows);
    }
}
