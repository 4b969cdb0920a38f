using System.Text.Json;
using CarSearch.Core.Ingest.Reindex;

namespace CarSearch.Storage;

/// <summary>
/// A re-index batch as a queue message: <c>{"jobId":"…","number":3,"names":["a.jpg",…]}</c>, sent base64 encoded as the
/// Functions queue trigger expects (host.json <c>messageEncoding</c>), read as JSON or base64 of JSON.
/// </summary>
public static class ReindexBatchMessage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(ReindexBatch batch) => JsonSerializer.Serialize(batch, Json);

    /// <summary>The batch a message holds. Throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static ReindexBatch Read(string? message)
    {
        using var json = QueueMessageJson.Parse(message);
        try
        {
            return json.Deserialize<ReindexBatch>(Json) is { JobId.Length: > 0, Number: >= 0, Names: { Count: > 0 } names } batch
                && names.All(name => !string.IsNullOrEmpty(name))
                    ? batch
                    : throw new FormatException("the message is not a re-index batch (a job id, a number and names)");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the message is not a re-index batch ({ex.Message})", ex);
        }
    }
}
