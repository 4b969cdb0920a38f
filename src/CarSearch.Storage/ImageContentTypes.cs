namespace CarSearch.Storage;

/// <summary>
/// The Content-Type stored with an uploaded image when the caller gives none, from its file extension, so the
/// image endpoint and the portal serve it as an image. (ASP.NET's content-type provider would pull a web framework
/// into this library for a dozen entries.)
/// </summary>
public static class ImageContentTypes
{
    public const string Fallback = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".jfif"] = "image/jpeg",
        [".png"] = "image/png",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".bmp"] = "image/bmp",
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",
        [".heic"] = "image/heic",
        [".heif"] = "image/heif",
        [".avif"] = "image/avif",
    };

    /// <summary>Every file extension (with its dot) that names an image type here.</summary>
    public static IReadOnlyCollection<string> ImageExtensions => ByExtension.Keys;

    /// <summary>Whether the name ends in an image extension (case-insensitive), whatever the bytes turn out to be.</summary>
    public static bool IsImageName(string name) => ByExtension.ContainsKey(Path.GetExtension(name));

    /// <summary>The image type of a blob name's extension, or <see cref="Fallback"/>.</summary>
    public static string FromName(string name) =>
        ByExtension.TryGetValue(Path.GetExtension(name), out var type) ? type : Fallback;
}
