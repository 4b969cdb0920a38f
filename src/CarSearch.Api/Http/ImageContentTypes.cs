using SixLabors.ImageSharp;

namespace CarSearch.Api.Http;

/// <summary>The Content-Type an image is served with.</summary>
internal static class ImageContentTypes
{
    private const string Unknown = "application/octet-stream";

    /// <summary>
    /// Named from the bytes being served, not from the stored Content-Type: an uploader may have set any type on the
    /// blob (text/html would turn an image link into a page that runs script), and the bytes may have been replaced
    /// since they were indexed. The indexed format is the fallback.
    /// </summary>
    public static string Of(ReadOnlySpan<byte> content, string indexedFormat) =>
        Image.DetectFormat(content)?.DefaultMimeType ?? ByFormat(indexedFormat);

    private static string ByFormat(string format) => format.ToUpperInvariant() switch
    {
        "JPEG" => "image/jpeg",
        "PNG" => "image/png",
        "GIF" => "image/gif",
        "WEBP" => "image/webp",
        "BMP" => "image/bmp",
        "TIFF" => "image/tiff",
        _ => Unknown,
    };
}
