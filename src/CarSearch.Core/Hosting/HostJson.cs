using System.Text.Json;

namespace CarSearch.Core.Hosting;

/// <summary>
/// The Functions host's settings file, <c>host.json</c>, beside the app (the Functions app's output, and beside the
/// CLI for <c>carsearch serve</c>). The one place the app reads it: the blob trigger gives an image up after
/// <c>extensions.blobs.poisonBlobThreshold</c> attempts, and a queue trigger a message after
/// <c>extensions.queues.maxDequeueCount</c>; serve gives up alike, and both hosts record give-ups with those counts.
/// </summary>
public static class HostJson
{
    public const string FileName = "host.json";

    /// <summary>The blob extension's own default, when host.json does not set the threshold.</summary>
    public const int DefaultPoisonBlobThreshold = 5;

    /// <summary>The queue extension's own default, when host.json does not set it.</summary>
    public const int DefaultMaxDequeueCount = 5;

    /// <summary>The blob trigger's attempts per blob as <paramref name="directory"/>'s host.json sets them, else the default.</summary>
    public static int PoisonBlobThreshold(string directory) =>
        PositiveInteger(directory, "blobs", "poisonBlobThreshold") ?? DefaultPoisonBlobThreshold;

    /// <summary>A queue trigger's attempts per message as <paramref name="directory"/>'s host.json sets them, else the default.</summary>
    public static int MaxDequeueCount(string directory) =>
        PositiveInteger(directory, "queues", "maxDequeueCount") ?? DefaultMaxDequeueCount;

    /// <summary><c>extensions.{extension}.{setting}</c> when it is a positive integer; null when the file or the setting is missing.</summary>
    private static int? PositiveInteger(string directory, string extension, string setting)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        using var hostJson = JsonDocument.Parse(
            File.ReadAllBytes(path),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return hostJson.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty(extension, out var section)
            && section.TryGetProperty(setting, out var value)
            && value.TryGetInt32(out var count)
            && count > 0
                ? count
                : null;
    }
}
