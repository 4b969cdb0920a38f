using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace CarSearch.Tests.Cosmos;

/// <summary>
/// An in-process Cosmos DB Gateway for the SDK in Gateway mode (given as its HttpClientFactory): answers the account,
/// database, container, partition-key-range, item, query-plan and query requests with the minimal bodies and headers
/// the SDK needs (see shared/notes/cosmos-gateway-wire.md), records every request, and can inject failures.
/// It proves the SDK plumbing and our requests, not Cosmos DB itself (no DiskANN, no policy validation, no RUs).
/// </summary>
public sealed class FakeCosmosHandler : HttpMessageHandler
{
    public const string Endpoint = "https://fake-cosmos.localhost:8081/";

    private const string PartitionKeyRangesEtag = "\"pkranges-1\"";

    private readonly object _gate = new();
    private readonly List<Fault> _faults = [];

    public FakeCosmosStore Store { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers the next <paramref name="times"/> requests that match with <paramref name="status"/>.</summary>
    public void FailNext(Func<RecordedRequest, bool> match, HttpStatusCode status, int times = 1, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(match, status, times, retryAfter));
        }
    }

    /// <summary>Answers every matching request with <paramref name="status"/> until <see cref="Recover"/>: an outage.</summary>
    public void FailAll(Func<RecordedRequest, bool> match, HttpStatusCode status) => FailNext(match, status, times: int.MaxValue);

    /// <summary>Ends every injected failure: the service is back.</summary>
    public void Recover()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>The item as stored, system properties included; null when there is none.</summary>
    public JsonObject? StoredItem(string database, string container, string id)
    {
        lock (_gate)
        {
            return Store.FindDatabase(database)?.FindContainer(container)?.Items.GetValueOrDefault(id)?.DeepClone().AsObject();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var recorded = await RecordedRequest.FromAsync(request, cancellationToken).ConfigureAwait(false);
        Requests.Enqueue(recorded);
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => f.Remaining > 0 && f.Match(recorded));
            if (fault is not null)
            {
                fault.Remaining--;
                var response = Error(fault.Status, "Injected by the test.");
                if (fault.RetryAfter is { } wait)
                {
                    response.Headers.Add("x-ms-retry-after-ms", ((int)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
                }

                return response;
            }

            return Route(recorded);
        }
    }

    private HttpResponseMessage Route(RecordedRequest request)
    {
        if (request.Uri.Host == "169.254.169.254")
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound); // Azure VM metadata probe: not a VM.
        }

        var s = request.Segments;
        var method = request.Method.Method;
        return (method, s.Length) switch
        {
            ("GET", 0) => Json(HttpStatusCode.OK, Account()),
            ("GET", 2) when s[0] == "dbs" => Found(Store.FindDatabase(s[1])?.Resource),
            ("POST", 1) when s[0] == "dbs" => CreateDatabase(Body(request)),
            ("GET", 4) when s[2] == "colls" => Found(Store.FindDatabase(s[1])?.FindContainer(s[3])?.Resource),
            ("POST", 3) when s[2] == "colls" => CreateContainer(s[1], Body(request)),
            ("GET", 5) when s[4] == "pkranges" => PartitionKeyRanges(request, s[3]),
            (_, 5 or 6) when s[4] == "docs" => Items(request, s),
            _ => Error(HttpStatusCode.NotImplemented, $"Fake Cosmos does not serve {method} {request.Uri.AbsolutePath}."),
        };
    }

    private HttpResponseMessage CreateDatabase(JsonObject body)
    {
        var id = body["id"]!.GetValue<string>();
        return Store.FindDatabase(id) is not null
            ? Error(HttpStatusCode.Conflict, $"Database {id} exists.")
            : Json(HttpStatusCode.Created, Store.AddDatabase(body).Resource);
    }

    private HttpResponseMessage CreateContainer(string database, JsonObject body)
    {
        if (Store.FindDatabase(database) is not { } db)
        {
            return Error(HttpStatusCode.NotFound, $"Database {database} does not exist.");
        }

        return db.FindContainer(body["id"]!.GetValue<string>()) is not null
            ? Error(HttpStatusCode.Conflict, "Container exists.")
            : Json(HttpStatusCode.Created, Store.AddContainer(db, body).Resource);
    }

    private HttpResponseMessage PartitionKeyRanges(RecordedRequest request, string containerRid)
    {
        // The SDK polls for splits with If-None-Match; one range that never changes answers 304 Not Modified.
        if (request.Header("If-None-Match") == PartitionKeyRangesEtag)
        {
            return new HttpResponseMessage(HttpStatusCode.NotModified);
        }

        var range = new JsonObject
        {
            ["id"] = "0", ["minInclusive"] = "", ["maxExclusive"] = "FF", ["ridPrefix"] = 0,
            ["throughputFraction"] = 1, ["status"] = "online", ["parents"] = new JsonArray(),
        };
        var response = Json(HttpStatusCode.OK, new JsonObject
        {
            ["_rid"] = containerRid, ["PartitionKeyRanges"] = new JsonArray(range), ["_count"] = 1,
        });
        response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue(PartitionKeyRangesEtag);
        return response;
    }

    private HttpResponseMessage Items(RecordedRequest request, string[] s)
    {
        if (Store.FindDatabase(s[1])?.FindContainer(s[3]) is not { } container)
        {
            return Error(HttpStatusCode.NotFound, $"Container {s[3]} does not exist.", subStatus: 1003);
        }

        if (s.Length == 6)
        {
            var id = s[5];
            var exists = container.Items.TryGetValue(id, out var item);
            return request.Method.Method switch
            {
                "GET" => exists ? Json(HttpStatusCode.OK, item!) : Error(HttpStatusCode.NotFound, $"Item {id} does not exist."),
                "DELETE" when exists && container.Items.Remove(id) => new HttpResponseMessage(HttpStatusCode.NoContent),
                "DELETE" => Error(HttpStatusCode.NotFound, $"Item {id} does not exist."),
                _ => Error(HttpStatusCode.MethodNotAllowed, "Not an item operation."),
            };
        }

        if (request.IsQueryPlan)
        {
            return Json(HttpStatusCode.OK, FakeQueryPlanner.Plan(request.QueryText!, request.QueryParameters));
        }

        if (request.IsQuery)
        {
            var rows = FakeSql.Parse(request.QueryText!).Run(container.Items.Values, request.QueryParameters);
            var page = new JsonObject { ["_rid"] = container.Rid, ["Documents"] = new JsonArray(rows.ToArray()), ["_count"] = rows.Count };
            return Json(HttpStatusCode.OK, page);
        }

        return Upsert(request, container);
    }

    private HttpResponseMessage Upsert(RecordedRequest request, FakeContainer container)
    {
        var item = Body(request);
        var id = item["id"]?.GetValue<string>();

        // As the service does: the partition key header must be the value at the container's key path (/id here).
        var keyPath = container.Resource["partitionKey"]!["paths"]![0]!.GetValue<string>().TrimStart('/');
        var expectedKey = new JsonArray(item[keyPath]?.DeepClone()).ToJsonString();
        if (id is null || JsonNode.Parse(request.Header("x-ms-documentdb-partitionkey") ?? "null")?.ToJsonString() != expectedKey)
        {
            return Error(HttpStatusCode.BadRequest, "PartitionKey extracted from document doesn't match the one specified in the header.");
        }

        var replaced = container.Items.ContainsKey(id);
        if (replaced && request.Header("x-ms-documentdb-is-upsert") != "True")
        {
            return Error(HttpStatusCode.Conflict, $"Item {id} exists.");
        }

        Store.StampItem(container, item);
        container.Items[id] = item;
        return Json(replaced ? HttpStatusCode.OK : HttpStatusCode.Created, item);
    }

    private static JsonObject Body(RecordedRequest request) => JsonNode.Parse(request.Body)!.AsObject();

    private static JsonObject Account() => new()
    {
        ["id"] = "fake-cosmos",
        ["_rid"] = "fake-cosmos.localhost",
        ["writableLocations"] = new JsonArray(new JsonObject { ["name"] = "Local", ["databaseAccountEndpoint"] = Endpoint }),
        ["readableLocations"] = new JsonArray(new JsonObject { ["name"] = "Local", ["databaseAccountEndpoint"] = Endpoint }),
        ["userConsistencyPolicy"] = new JsonObject { ["defaultConsistencyLevel"] = "Session" },
        ["queryEngineConfiguration"] = "{\"maxSqlQueryInputLength\":262144,\"maxJoinsPerSqlQuery\":5}",
    };

    private HttpResponseMessage Found(JsonObject? resource) =>
        resource is null ? Error(HttpStatusCode.NotFound, "Resource not found.") : Json(HttpStatusCode.OK, resource);

    private HttpResponseMessage Json(HttpStatusCode status, JsonNode body)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        response.Headers.Add("x-ms-activity-id", Guid.NewGuid().ToString());
        response.Headers.Add("x-ms-request-charge", "1");
        response.Headers.Add("x-ms-session-token", $"0:-1#{Store.NextSequence()}");
        return response;
    }

    private HttpResponseMessage Error(HttpStatusCode status, string message, int subStatus = 0)
    {
        var response = Json(status, new JsonObject { ["code"] = status.ToString(), ["message"] = message });
        if (subStatus != 0)
        {
            response.Headers.Add("x-ms-substatus", subStatus.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    private sealed class Fault(Func<RecordedRequest, bool> match, HttpStatusCode status, int remaining, TimeSpan? retryAfter)
    {
        public Func<RecordedRequest, bool> Match { get; } = match;

        public HttpStatusCode Status { get; } = status;

        public int Remaining { get; set; } = remaining;

        public TimeSpan? RetryAfter { get; } = retryAfter;
    }
}
