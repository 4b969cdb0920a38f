using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>The formats we decode, named as Pillow (and the reference kit's images.json) names them.</summary>
internal static class ImageFormats
{
    public const string Jpeg = "JPEG";
    public const string Png = "PNG";
    public const string Gif = "GIF";
    public const string Webp = "WEBP";
    public const string Bmp = "BMP";
    public const string Tiff = "TIFF";

    public static string NameOf(IImageFormat format) => format switch
    {
        JpegFormat => Jpeg,
        PngFormat => Png,
        GifFormat => Gif,
        WebpFormat => Webp,
        BmpFormat => Bmp,
        TiffFormat => Tiff,
        _ => format.Name.ToUpperInvariant(),
    };
}
