using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace CarSearch.Tests.Cosmos;

/// <summary>One HTTP request the SDK sent, as the fake saw it: what the tests assert on.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string[] Segments, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static async Task<RecordedRequest> FromAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Add(headers, request.Headers);
        var body = "";
        if (request.Content is not null)
        {
            Add(headers, request.Content.Headers);
            body = await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }

        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(Uri.UnescapeDataString).ToArray();
        return new RecordedRequest(request.Method, request.RequestUri, segments, headers, body);
    }

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public bool IsQuery => Header("x-ms-documentdb-isquery") == "True";

    public bool IsQueryPlan => Header("x-ms-cosmos-is-query-plan-request") == "True";

    /// <summary>The query text of a query or query-plan request.</summary>
    public string? QueryText => IsQuery || IsQueryPlan ? JsonNode.Parse(Body)!["query"]!.GetValue<string>() : null;

    /// <summary>The parameters of a query or query-plan request, by name.</summary>
    public IReadOnlyDictionary<string, JsonNode?> QueryParameters =>
        (JsonNode.Parse(Body)!["parameters"] as JsonArray ?? [])
        .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["value"]?.DeepClone(), StringComparer.Ordinal);

    private static void Add(Dictionary<string, string> into, HttpHeaders headers)
    {
        foreach (var (name, values) in headers)
        {
            into[name] = string.Join(",", values);
        }
    }
}
