using System.Text.Json;

namespace CarSearch.Core.Hosting;

/// <summary>
/// The Functions host's settings file, <c>host.json</c>, beside the app (the Functions app's output, and beside the
/// CLI for <c>carsearch serve</c>). The one place the app reads it: the blob trigger gives an image up after
/// <c>extensions.blobs.poisonBlobThreshold</c> attempts, and both hosts record and describe give-ups with that count.
/// </summary>
public static class HostJson
{
    public const string FileName = "host.json";

    /// <summary>The blob extension's own default, when host.json does not set the threshold.</summary>
    public const int DefaultPoisonBlobThreshold = 5;

    /// <summary>The blob trigger's attempts per blob as <paramref name="directory"/>'s host.json sets them, else the default.</summary>
    public static int PoisonBlobThreshold(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return DefaultPoisonBlobThreshold;
        }

        using var hostJson = JsonDocument.Parse(
            File.ReadAllBytes(path),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return hostJson.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("blobs", out var blobs)
            && blobs.TryGetProperty("poisonBlobThreshold", out var threshold)
            && threshold.TryGetInt32(out var count)
            && count > 0
                ? count
                : DefaultPoisonBlobThreshold;
    }
}
