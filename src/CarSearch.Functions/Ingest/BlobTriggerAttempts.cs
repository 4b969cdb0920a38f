using System.Text.Json;

namespace CarSearch.Functions.Ingest;

/// <summary>
/// How many times the blob trigger tries a blob before it parks it in the poison queue: host.json's
/// <c>extensions.blobs.poisonBlobThreshold</c>, read from beside the app, so the failure the poison handler records
/// tells the truth.
/// </summary>
public sealed record BlobTriggerAttempts(int Count)
{
    /// <summary>The blob extension's own default, when host.json does not set it.</summary>
    public const int DefaultCount = 5;

    public const string HostJsonFileName = "host.json";

    /// <summary>Reads <paramref name="hostJsonPath"/>; a missing file or setting means the extension's default.</summary>
    public static BlobTriggerAttempts FromHostJson(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return new BlobTriggerAttempts(DefaultCount);
        }

        using var hostJson = JsonDocument.Parse(
            File.ReadAllBytes(hostJsonPath),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return hostJson.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("blobs", out var blobs)
            && blobs.TryGetProperty("poisonBlobThreshold", out var threshold)
            && threshold.TryGetInt32(out var count)
            && count > 0
                ? new BlobTriggerAttempts(count)
                : new BlobTriggerAttempts(DefaultCount);
    }
}
