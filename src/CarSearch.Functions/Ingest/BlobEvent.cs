using System.Text.Json;
using Azure.Storage.Blobs;
using CarSearch.Storage;

namespace CarSearch.Functions.Ingest;

/// <summary>One Event Grid blob event from a storage queue: its type, and the container and name of its blob.</summary>
internal sealed record BlobEvent(string EventType, string Container, string BlobName)
{
    public const string DeletedType = "Microsoft.Storage.BlobDeleted";

    /// <summary>The subject of a blob event: <c>/blobServices/default/containers/{container}/blobs/{name}</c>.</summary>
    private const string SubjectPrefix = "/blobServices/default/containers/";

    private const string BlobsSegment = "/blobs/";

    public bool IsDelete => string.Equals(EventType, DeletedType, StringComparison.Ordinal);

    /// <summary>
    /// Reads a queue message holding one event, or an array of them, in the Event Grid schema (<c>eventType</c>) or
    /// the CloudEvents schema (<c>type</c>), as JSON or base64 of JSON. The blob is named by <c>data.url</c> when
    /// present, decoded as the blob trigger decodes it, so both functions see the same name; else by the subject.
    /// Throws <see cref="FormatException"/> for anything else.
    /// </summary>
    public static IReadOnlyList<BlobEvent> Parse(string? message)
    {
        using var json = QueueMessageJson.Parse(message);
        var root = json.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Object => [Read(root)],
            JsonValueKind.Array when root.GetArrayLength() > 0 => [.. root.EnumerateArray().Select(Read)],
            _ => throw new FormatException("the message holds no event object"),
        };
    }

    private static BlobEvent Read(JsonElement item)
    {
        var type = QueueMessageJson.StringProperty(item, "eventType") ?? QueueMessageJson.StringProperty(item, "type")
            ?? throw new FormatException("an event has no eventType (or CloudEvents type)");
        var location = FromUrl(item) ?? FromSubject(QueueMessageJson.StringProperty(item, "subject"))
            ?? throw new FormatException($"the {type} event names no blob (no data.url, no blob subject)");
        return new BlobEvent(type, location.Container, location.Name);
    }

    private static (string Container, string Name)? FromUrl(JsonElement item)
    {
        if (!item.TryGetProperty("data", out var data)
            || QueueMessageJson.StringProperty(data, "url") is not { } url
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var blob = new BlobUriBuilder(uri);
        return string.IsNullOrEmpty(blob.BlobContainerName) || string.IsNullOrEmpty(blob.BlobName)
            ? null
            : (blob.BlobContainerName, blob.BlobName);
    }

    private static (string Container, string Name)? FromSubject(string? subject)
    {
        if (subject is null || !subject.StartsWith(SubjectPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        // Container names cannot hold '/', so the first "/blobs/" after the prefix ends the container's name.
        var rest = subject[SubjectPrefix.Length..];
        var separator = rest.IndexOf(BlobsSegment, StringComparison.Ordinal);
        return separator <= 0 || separator + BlobsSegment.Length == rest.Length
            ? null
            : (rest[..separator], rest[(separator + BlobsSegment.Length)..]);
    }
}
