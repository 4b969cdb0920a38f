namespace CarSearch.Functions.Ingest;

/// <summary>
/// The message the blob trigger leaves in <c>webjobs-blobtrigger-poison</c> after its last failed attempt:
/// <c>{"Type":"BlobTrigger","FunctionId":...,"BlobType":...,"ContainerName":...,"BlobName":...,"ETag":...}</c>.
/// </summary>
internal sealed record PoisonedBlob(string Container, string BlobName)
{
    /// <summary>Reads the message (JSON, or base64 of JSON); throws <see cref="FormatException"/> for anything else.</summary>
    public static PoisonedBlob Parse(string? message)
    {
        using var json = QueueMessageJson.Parse(message);
        var root = json.RootElement;
        var container = QueueMessageJson.String(root, "ContainerName");
        var name = QueueMessageJson.String(root, "BlobName");
        return string.IsNullOrEmpty(container) || string.IsNullOrEmpty(name)
            ? throw new FormatException("the message names no ContainerName and BlobName")
            : new PoisonedBlob(container, name);
    }
}
