using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// Makes ImageSharp's first GIF frame come out as Pillow 9.4's <c>convert("RGB")</c> of it. ImageSharp leaves two
/// kinds of pixel unwritten (black in RGB) where Pillow shows a palette colour: those of the transparent index, and
/// the logical screen outside a first frame that does not cover it (Pillow fills it with the transparent index,
/// else index 0).
/// </summary>
internal static class GifPillowCompatibility
{
    /// <summary>A copy with the first frame's transparency flag cleared, so ImageSharp writes that index's colour.</summary>
    public static ReadOnlyMemory<byte> WithoutTransparency(ReadOnlyMemory<byte> gif, GifFirstFrame.Scan scan)
    {
        if (scan.TransparencyFlagOffset < 0)
        {
            return gif;
        }

        var copy = gif.ToArray();
        copy[scan.TransparencyFlagOffset] &= 0xFE;
        return copy;
    }

    /// <summary>Paints the screen outside the first frame with Pillow's fill colour.</summary>
    public static void FillOutsideFrame(Image<Rgb24> image, ReadOnlySpan<byte> gif, GifFirstFrame.Scan scan)
    {
        var frame = scan.Frame;
        var left = Math.Min(frame.Left, image.Width);
        var top = Math.Min(frame.Top, image.Height);
        var right = (int)Math.Min((long)frame.Left + frame.Width, image.Width);
        var bottom = (int)Math.Min((long)frame.Top + frame.Height, image.Height);
        if (left == 0 && top == 0 && right == image.Width && bottom == image.Height)
        {
            return;
        }

        var fill = FillColour(gif, scan);
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            if (y < top || y >= bottom || right <= left)
            {
                row.Fill(fill);
            }
            else
            {
                row[..left].Fill(fill);
                row[right..].Fill(fill);
            }
        }
    }

    private static Rgb24 FillColour(ReadOnlySpan<byte> gif, GifFirstFrame.Scan scan)
    {
        var index = scan.TransparentIndex >= 0 ? scan.TransparentIndex : 0;
        if (scan.PaletteOffset < 0 || index >= scan.PaletteColors)
        {
            return default; // Pillow's palette is zero beyond the table's entries
        }

        var entry = gif.Slice(scan.PaletteOffset + 3 * index, 3);
        return MemoryMarshal.Read<Rgb24>(entry);
    }
}
