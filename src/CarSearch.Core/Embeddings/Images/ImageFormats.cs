using System.Collections.Frozen;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// The one table of image formats: what we decode and what we refuse by name, with each format's name, file
/// extensions, media type, how it is recognised and how its completeness is checked. The decoder's configuration, the
/// rejection messages, the type an image is stored and served with and the file names <c>carsearch index</c> takes
/// all read it, so a format is added or removed here and nowhere else.
/// </summary>
/// <remarks>
/// HEIC and AVIF (phone cameras' defaults), JPEG XL, JPEG 2000 and PSD have no decoder in ImageSharp 2.1; they are
/// recognised so the user hears "HEIC images are not supported" rather than "not an image". TGA and PBM have one but
/// are left out: they are not photo-upload formats, and TGA has no signature, so random bytes could pass for one.
/// </remarks>
public static class ImageFormats
{
    /// <summary>The media type of bytes that are none of these formats.</summary>
    public const string UnknownContentType = "application/octet-stream";

    public static readonly ImageFormat Jpeg = ImageFormat.Supported(
        "JPEG", "JPEG", "image/jpeg", [".jpg", ".jpeg", ".jfif"],
        new JpegConfigurationModule(), JpegFormat.Instance, ImageCompleteness.Jpeg);

    public static readonly ImageFormat Png = ImageFormat.Supported(
        "PNG", "PNG", "image/png", [".png"],
        new PngConfigurationModule(), PngFormat.Instance, ImageCompleteness.Png);

    public static readonly ImageFormat Webp = ImageFormat.Supported(
        "WEBP", "WebP", "image/webp", [".webp"],
        new WebpConfigurationModule(), WebpFormat.Instance, ImageCompleteness.Webp);

    public static readonly ImageFormat Gif = ImageFormat.Supported(
        "GIF", "GIF", "image/gif", [".gif"],
        new GifConfigurationModule(), GifFormat.Instance, ImageCompleteness.Gif);

    public static readonly ImageFormat Bmp = ImageFormat.Supported(
        "BMP", "BMP", "image/bmp", [".bmp"],
        new BmpConfigurationModule(), BmpFormat.Instance, ImageCompleteness.Bmp);

    public static readonly ImageFormat Tiff = ImageFormat.Supported(
        "TIFF", "TIFF", "image/tiff", [".tif", ".tiff"],
        new TiffConfigurationModule(), TiffFormat.Instance, ImageCompleteness.Tiff);

    // Phone formats keep their extensions so `carsearch index` takes such files and says why they are refused instead
    // of passing over a folder of photos in silence; the others are not what a camera leaves, so their files are
    // passed over like any other non-image.
    public static readonly ImageFormat Heic = ImageFormat.Unsupported(
        "HEIC", "HEIC", "image/heic", [".heic"], UnsupportedImageSignatures.Heic);

    public static readonly ImageFormat Avif = ImageFormat.Unsupported(
        "AVIF", "AVIF", "image/avif", [".avif"], UnsupportedImageSignatures.Avif);

    public static readonly ImageFormat Heif = ImageFormat.Unsupported(
        "HEIF", "HEIF", "image/heif", [".heif"], UnsupportedImageSignatures.Heif);

    public static readonly ImageFormat JpegXl = ImageFormat.Unsupported(
        "JXL", "JPEG XL", "image/jxl", [], UnsupportedImageSignatures.JpegXl);

    public static readonly ImageFormat Jpeg2000 = ImageFormat.Unsupported(
        "JPEG2000", "JPEG 2000", "image/jp2", [], UnsupportedImageSignatures.Jpeg2000);

    public static readonly ImageFormat Photoshop = ImageFormat.Unsupported(
        "PSD", "Photoshop (PSD)", "image/vnd.adobe.photoshop", [], UnsupportedImageSignatures.Photoshop);

    /// <summary>Every row, supported ones first, in the order the user-facing list names them.</summary>
    public static readonly IReadOnlyList<ImageFormat> All = [Jpeg, Png, Webp, Gif, Bmp, Tiff, Heic, Avif, Heif, JpegXl, Jpeg2000, Photoshop];

    /// <summary>The rows we decode.</summary>
    public static readonly IReadOnlyList<ImageFormat> Supported = [.. All.Where(format => format.IsSupported)];

    /// <summary>The formats we decode, as a user would list them: <c>JPEG, PNG, WebP, GIF, BMP or TIFF</c>.</summary>
    public static readonly string SupportedList =
        string.Join(", ", Supported.SkipLast(1).Select(format => format.DisplayName)) + " or " + Supported[^1].DisplayName;

    private static readonly FrozenDictionary<string, ImageFormat> ByName =
        All.ToFrozenDictionary(format => format.Name, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, ImageFormat> ByExtension = All
        .SelectMany(format => format.Extensions, (format, extension) => (format, extension))
        .ToFrozenDictionary(row => row.extension, row => row.format, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<IImageFormat, ImageFormat> ByDecoded = Supported
        .ToFrozenDictionary<ImageFormat, IImageFormat, ImageFormat>(format => format.Decoded!, format => format, ReferenceEqualityComparer.Instance);

    /// <summary>Only the supported formats' detectors: what the decoder recognises and nothing more.</summary>
    private static readonly Configuration Detection = DecodingConfiguration();

    /// <summary>Every extension (with its dot) that makes a file name an image's.</summary>
    public static IReadOnlyCollection<string> FileExtensions => ByExtension.Keys;

    /// <summary>The row named <paramref name="name"/> (<see cref="ImageFormat.Name"/>, any case), or null.</summary>
    public static ImageFormat? Named(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The format a file name's extension (any case) stands for, whatever the bytes turn out to be; or null.</summary>
    public static ImageFormat? OfFileName(string name) => ByExtension.GetValueOrDefault(Path.GetExtension(name));

    /// <summary>Whether the name ends in an image extension (any case).</summary>
    public static bool IsImageFileName(string name) => OfFileName(name) is not null;

    /// <summary>The media type of a file name's extension, or <see cref="UnknownContentType"/>.</summary>
    public static string ContentTypeOfFileName(string name) => OfFileName(name)?.ContentType ?? UnknownContentType;

    /// <summary>
    /// The format <paramref name="data"/> is, from its signature: a supported one as the decoder detects it, else a
    /// format we refuse, else null.
    /// </summary>
    public static ImageFormat? Detect(ReadOnlySpan<byte> data)
    {
        if (Image.DetectFormat(Detection, data) is { } detected)
        {
            return ByDecoded[detected];
        }

        foreach (var format in All)
        {
            if (format.HasSignature(data))
            {
                return format;
            }
        }

        return null;
    }

    /// <summary>An ImageSharp configuration that knows the supported formats and no others.</summary>
    internal static Configuration DecodingConfiguration() => new([.. Supported.Select(format => format.Module!)]);
}
