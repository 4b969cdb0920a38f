using System.Buffers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// A small JPEG of an image for result lists: the upright picture with its longest side at most
/// <see cref="MaxSide"/> pixels, aspect kept, never enlarged. Made from the bitmap the embedding already decoded, so an
/// ingest decodes each upload once, and shrunk as Pillow's <c>Image.thumbnail</c> shrinks: a box reduction by a whole
/// factor while that leaves at least twice the size, then the bicubic resize the embedding uses.
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
    public const string Recipe = "384q80-box";

    public const string ContentType = "image/jpeg";

    /// <summary>Pillow's <c>thumbnail</c> default: reduce by whole factors only while at least twice the size is left.</summary>
    private const double ReducingGap = 2.0;

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
            using var small = Shrink(upright, width, height);
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

    /// <summary>
    /// <paramref name="upright"/> at <paramref name="width"/> x <paramref name="height"/>. A 12 MP photo took ~28 ms of a
    /// core in ImageSharp's resize or the bicubic alone, every tap over 12 million pixels; the box reduction first
    /// (a mean of whole pixels, 32 bytes per instruction) leaves the bicubic under a million: ~11 ms with the JPEG.
    /// A box cut short at the right or bottom edge counts as a whole reduced pixel, which moves that edge by under
    /// half a thumbnail pixel (the reduced picture is at least twice the thumbnail).
    /// </summary>
    private static Image<Rgb24> Shrink(Image<Rgb24> upright, int width, int height)
    {
        var rows = RgbRows.Of(upright);
        var (sourceWidth, sourceHeight) = (upright.Width, upright.Height);
        var factor = Math.Clamp(
            (int)Math.Min(sourceWidth / (ReducingGap * width), sourceHeight / (ReducingGap * height)), 1, RgbBoxReducer.MaxFactor);
        var (reducedWidth, reducedHeight) = (RgbBoxReducer.ReducedSize(sourceWidth, factor), RgbBoxReducer.ReducedSize(sourceHeight, factor));
        var reduced = factor > 1 ? ArrayPool<byte>.Shared.Rent(reducedWidth * reducedHeight * 3) : null;
        var resized = ArrayPool<byte>.Shared.Rent(width * height * 3);
        try
        {
            if (reduced is not null)
            {
                RgbBoxReducer.Reduce(sourceWidth, sourceHeight, rows, factor, reduced);
                (sourceWidth, sourceHeight) = (reducedWidth, reducedHeight);
                var stride = reducedWidth * 3;
                rows = y => reduced.AsSpan(y * stride, stride);
            }

            PilBicubicResampler.ResizeWindow(sourceWidth, sourceHeight, rows, width, height, new PixelWindow(0, 0, width, height), resized);
            return Image.LoadPixelData<Rgb24>(upright.GetConfiguration(), resized.AsSpan(0, width * height * 3), width, height);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(resized);
            if (reduced is not null)
            {
                ArrayPool<byte>.Shared.Return(reduced);
            }
        }
    }

    private static readonly JpegEncoder Encoder = new() { Quality = Quality };
}
