using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CarSearch.Functions.Tests.Infrastructure;

/// <summary>Blob events as Event Grid writes them to a storage queue, in the shapes the deletes function must read.</summary>
public static class BlobEvents
{
    public const string Deleted = "Microsoft.Storage.BlobDeleted";

    public const string Created = "Microsoft.Storage.BlobCreated";

    /// <summary>How a message reaches the function.</summary>
    public enum Shape
    {
        /// <summary>The Event Grid schema, as the host hands it over after decoding the queue's base64.</summary>
        EventGridJson,

        /// <summary>The same, still base64 (the host's <c>messageEncoding</c> set to <c>none</c>).</summary>
        EventGridBase64,

        /// <summary>The CloudEvents 1.0 schema.</summary>
        CloudEvent,

        /// <summary>No <c>data.url</c>: the blob named by the subject alone.</summary>
        SubjectOnly,

        /// <summary>An array of events, as a webhook receives them.</summary>
        Array,
    }

    /// <summary>An event about <paramref name="name"/> in <paramref name="container"/>, whose URL is <paramref name="blobUrl"/>.</summary>
    public static string Message(Shape shape, string type, string container, string name, Uri blobUrl)
    {
        var subject = $"/blobServices/default/containers/{container}/blobs/{name}";
        var data = new JsonObject
        {
            ["api"] = "DeleteBlob",
            ["requestId"] = Guid.NewGuid().ToString(),
            ["contentType"] = "image/jpeg",
            ["blobType"] = "BlockBlob",
            ["url"] = blobUrl.AbsoluteUri,
            ["sequencer"] = "0000000000000000000000000000EB7700000000006e0bb2",
            ["storageDiagnostics"] = new JsonObject { ["batchId"] = Guid.NewGuid().ToString() },
        };
        if (shape == Shape.SubjectOnly)
        {
            data.Remove("url");
        }

        JsonNode item = shape == Shape.CloudEvent
            ? new JsonObject
            {
                ["specversion"] = "1.0",
                ["type"] = type,
                ["source"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
                ["id"] = Guid.NewGuid().ToString(),
                ["time"] = DateTimeOffset.UtcNow.ToString("O"),
                ["subject"] = subject,
                ["data"] = data,
            }
            : new JsonObject
            {
                ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
                ["subject"] = subject,
                ["eventType"] = type,
                ["id"] = Guid.NewGuid().ToString(),
                ["data"] = data,
                ["dataVersion"] = "",
                ["metadataVersion"] = "1",
                ["eventTime"] = DateTimeOffset.UtcNow.ToString("O"),
            };
        var json = (shape == Shape.Array ? new JsonArray(item) : item).ToJsonString(new JsonSerializerOptions());
        return shape == Shape.EventGridBase64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) : json;
    }
}
