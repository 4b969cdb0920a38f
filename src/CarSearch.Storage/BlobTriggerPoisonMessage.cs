using System.Text.Json;

namespace CarSearch.Storage;

/// <summary>
/// What the blob trigger puts in its poison queue after the last failed attempt on a blob:
/// <c>{"Type":"BlobTrigger","FunctionId":...,"BlobType":...,"ContainerName":...,"BlobName":...,"ETag":...}</c>.
/// The Functions app's poison handler reads it to record the blob as given up, at the version (ETag) that failed.
/// </summary>
public sealed record BlobTriggerPoisonMessage(string ContainerName, string BlobName, string? Version = null)
{
    /// <summary>The queue the blob trigger writes to, in the account of the trigger's connection (not the host's).</summary>
    public const string QueueName = "webjobs-blobtrigger-poison";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The container and blob a message names (JSON, or base64 of JSON); null when it is not such a message.</summary>
    public static BlobTriggerPoisonMessage? TryParse(string? body)
    {
        try
        {
            using var json = QueueMessageJson.Parse(body);
            var message = json.Deserialize<Wire>(Json);
            return message is { ContainerName: { Length: > 0 } container, BlobName: { Length: > 0 } blob }
                ? new BlobTriggerPoisonMessage(
                    container, blob, string.IsNullOrEmpty(message.ETag) ? null : BlobImageStore.VersionOf(new Azure.ETag(message.ETag)))
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private sealed record Wire(string? ContainerName, string? BlobName, string? ETag);
}
