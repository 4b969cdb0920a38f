using System.Text.Json.Nodes;

namespace CarSearch.Api.Tests.Composed;

/// <summary>Builds composed-query requests: the JSON body, and the multipart form with photos in their own fields.</summary>
public static class ComposedQueries
{
    public static JsonObject Body(IEnumerable<TestTerm> terms, int? top = null) => Body([.. terms.Select(Term)], top);

    public static JsonObject Body(JsonNode[] terms, int? top = null)
    {
        var body = new JsonObject { ["terms"] = new JsonArray(terms) };
        if (top is { } k)
        {
            body["top"] = k;
        }

        return body;
    }

    public static JsonObject Term(TestTerm term)
    {
        var json = term.Text is not null ? new JsonObject { ["text"] = term.Text } : new JsonObject { ["imageId"] = term.ImageId };
        json["weight"] = term.Weight;
        return json;
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, JsonNode body) =>
        client.PostAsync("/api/search", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    /// <summary>A multipart form: the query's JSON in the field "query", each photo in a field of its own name.</summary>
    public static Task<HttpResponseMessage> PostMultipartAsync(
        this HttpClient client, JsonNode query, params (string Field, byte[] Bytes)[] photos)
    {
        var form = new MultipartFormDataContent { { new StringContent(query.ToJsonString()), "query" } };
        foreach (var (field, bytes) in photos)
        {
            form.Add(new ByteArrayContent(bytes), field, field + ".jpg");
        }

        return client.PostAsync("/api/search", form);
    }
}
