using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CarSearch.Tests.Cosmos;

/// <summary>
/// Answers the SDK's query-plan request the way the Gateway does for the three shapes the index sends: a vector
/// ORDER BY (the "faithful" non-streaming plan, so the SDK's own merge and TOP run), SELECT VALUE
/// COUNT(1) (an aggregate plan) and anything else (a passthrough plan: the query is sent as it is).
/// </summary>
public static partial class FakeQueryPlanner
{
    public const string FilterPlaceholder = "{documentdb-formattableorderbyquery-filter}";

    [GeneratedRegex("^SELECT (TOP (?<top>\\S+) )?(?<projection>.+?) FROM c( WHERE (?<where>.+?))? ORDER BY (?<order>.+?)$")]
    private static partial Regex OrderByQuery();

    public static JsonObject Plan(string text, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        var query = FakeSql.Parse(text);
        JsonObject queryInfo;
        if (query.OrderBy is not null)
        {
            queryInfo = VectorOrderByPlan(text, parameters);
        }
        else if (query.Aggregate && query.Value)
        {
            queryInfo = QueryInfo();
            queryInfo["aggregates"] = new JsonArray("Count");
            queryInfo["hasSelectValue"] = true;
            queryInfo["rewrittenQuery"] = "SELECT VALUE [{\"item\": COUNT(1)}] FROM c";
        }
        else
        {
            queryInfo = [];
        }

        return new JsonObject
        {
            ["partitionedQueryExecutionInfoVersion"] = 2,
            ["queryInfo"] = queryInfo,
            ["queryRanges"] = new JsonArray(new JsonObject
            {
                ["min"] = "", ["max"] = "FF", ["isMinInclusive"] = true, ["isMaxInclusive"] = false,
            }),
        };
    }

    private static JsonObject VectorOrderByPlan(string text, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        var match = OrderByQuery().Match(text);
        if (!match.Success || !match.Groups["order"].Value.StartsWith("VectorDistance(", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Fake Cosmos: only ORDER BY VectorDistance is planned: {text}");
        }

        var order = match.Groups["order"].Value;
        var payload = string.Join(", ", SplitTopLevel(match.Groups["projection"].Value).Select(item =>
        {
            var parts = item.Split(" AS ");
            return $"\"{(parts.Length == 2 ? parts[1] : parts[0][(parts[0].LastIndexOf('.') + 1)..])}\": {parts[0]}";
        }));
        var where = match.Groups["where"].Success ? $" AND ({match.Groups["where"].Value})" : "";

        var info = QueryInfo();
        info["orderBy"] = new JsonArray("Descending");
        info["orderByExpressions"] = new JsonArray(order);
        info["hasNonStreamingOrderBy"] = true;

        // Like the Gateway: each partition returns its best top rows; the SDK merges them and keeps the top.
        var top = "";
        if (match.Groups["top"].Success)
        {
            var n = Resolve(match.Groups["top"].Value, parameters);
            info["top"] = n;
            top = $"TOP {n} ";
        }

        info["rewrittenQuery"] = $"SELECT {top}c._rid, [{{\"item\": {order}}}] AS orderByItems, {{{payload}}} AS payload "
                                 + $"FROM c WHERE ({FilterPlaceholder}){where} ORDER BY {order}";
        return info;
    }

    // The SDK reads every list of the plan; the Gateway always sends them, empty when unused.
    private static JsonObject QueryInfo() => new()
    {
        ["distinctType"] = "None",
        ["orderBy"] = new JsonArray(),
        ["orderByExpressions"] = new JsonArray(),
        ["groupByExpressions"] = new JsonArray(),
        ["groupByAliases"] = new JsonArray(),
        ["aggregates"] = new JsonArray(),
        ["groupByAliasToAggregateType"] = new JsonObject(),
        ["hasSelectValue"] = false,
        ["hasNonStreamingOrderBy"] = false,
    };

    private static int Resolve(string token, IReadOnlyDictionary<string, JsonNode?> parameters) =>
        token.StartsWith('@') ? parameters[token]!.GetValue<int>() : int.Parse(token, CultureInfo.InvariantCulture);

    private static IEnumerable<string> SplitTopLevel(string list)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            depth += list[i] switch { '(' or '[' or '{' => 1, ')' or ']' or '}' => -1, _ => 0 };
            if (list[i] == ',' && depth == 0)
            {
                yield return list[start..i].Trim();
                start = i + 1;
            }
        }

        yield return list[start..].Trim();
    }
}
