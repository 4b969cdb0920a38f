using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// A small JPEG of an image for result lists: the upright picture with its longest side at most
/// <see cref="MaxSide"/> pixels, aspect kept, never enlarged. Made from the bitmap the embedding already decoded, so an
/// ingest decodes each upload once.
/// </summary>
/// <param name="Content">The JPEG bytes.</param>
public sealed record ImageThumbnail(ReadOnlyMemory<byte> Content, int Width, int Height)
{
    /// <summary>Longest side in pixels: sharp in a result card (about 200 CSS px at 2x) at a few tens of kilobytes.</summary>
    public const int MaxSide = 384;

    /// <summary>JPEG quality: artefacts are not visible at card size; higher roughly doubles the bytes.</summary>
    public const int Quality = 80;

    /// <summary>
    /// Changes whenever <see cref="MaxSide"/>, <see cref="Quality"/> or the way thumbnails are made does, so an
    /// ETag built from it never calls a thumbnail made the old way current.
    /// </summary>
    public const string Recipe = "384q80";

    public const string ContentType = "image/jpeg";

    /// <summary>Leaves <paramref name="upright"/> untouched: the caller may still read its pixels.</summary>
    internal static ImageThumbnail From(Image<Rgb24> upright)
    {
        var (width, height) = SizeFor(upright.Width, upright.Height);
        using var output = new MemoryStream(InitialCapacity(width, height));
        if (width == upright.Width && height == upright.Height)
        {
            upright.SaveAsJpeg(output, Encoder);
        }
        else
        {
            using var small = upright.Clone(x => x.Resize(width, height, KnownResamplers.Bicubic));
            small.SaveAsJpeg(output, Encoder);
        }

        return new ImageThumbnail(output.ToArray(), width, height);
    }

    /// <summary>The thumbnail size for a <paramref name="width"/> x <paramref name="height"/> picture.</summary>
    public static (int Width, int Height) SizeFor(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var longest = Math.Max(width, height);
        if (longest <= MaxSide)
        {
            return (width, height);
        }

        var scale = (double)MaxSide / longest;
        return (
            Math.Max(1, (int)Math.Round(width * scale, MidpointRounding.AwayFromZero)),
            Math.Max(1, (int)Math.Round(height * scale, MidpointRounding.AwayFromZero)));
    }

    /// <summary>
    /// Room for the JPEG before it is written: half a byte a pixel holds a quality-80 photo (they take 0.1 to 0.4), so
    /// the stream does not double its way up from 256 bytes copying itself, and at most 384 x 384 / 2 = 72 KB stays
    /// under the large object heap's 85,000 bytes.
    /// </summary>
    private static int InitialCapacity(int width, int height) => width * height / 2;

    private static readonly JpegEncoder Encoder = new() { Quality = Quality };
}
