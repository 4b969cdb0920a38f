using System.Buffers.Binary;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// Walks a GIF's blocks up to the end of its first image: whether the file holds that image whole, where it sits on
/// the logical screen, which palette it uses and which index (if any) is transparent.
/// </summary>
internal static class GifFirstFrame
{
    private const int HeaderLength = 6 + 7;
    private const int DescriptorLength = 10;
    private const byte ExtensionIntroducer = 0x21;
    private const byte ImageSeparator = 0x2C;
    private const byte GraphicControlLabel = 0xF9;
    private const byte TransparencyFlag = 0x01;

    /// <summary>What the walk found; <see cref="Complete"/> is all a structurally odd file gets.</summary>
    /// <param name="Complete">The first image's data is all there (or the file has none, which the decoder reports).</param>
    /// <param name="TransparencyFlagOffset">Index of the packed byte whose bit 0 marks the transparent index, or -1.</param>
    /// <param name="TransparentIndex">The first image's transparent palette index, or -1.</param>
    /// <param name="Frame">Where the first image sits on the logical screen (empty when not found).</param>
    /// <param name="PaletteOffset">Start of the colour table the first image uses (its local one, else the global one), or -1.</param>
    /// <param name="PaletteColors">Entries in that table.</param>
    public readonly record struct Scan(
        bool Complete,
        int TransparencyFlagOffset = -1,
        int TransparentIndex = -1,
        PixelWindow Frame = default,
        int PaletteOffset = -1,
        int PaletteColors = 0);

    public static Scan Read(ReadOnlySpan<byte> gif)
    {
        if (gif.Length < HeaderLength)
        {
            return new Scan(false);
        }

        var globalColors = ColorCount(gif[10]);
        var position = HeaderLength + 3 * globalColors;
        var (flagOffset, transparentIndex) = (-1, -1);
        while (position < gif.Length)
        {
            switch (gif[position])
            {
                case ExtensionIntroducer:
                    if (position + 1 >= gif.Length)
                    {
                        return new Scan(false);
                    }

                    // Only the last graphic control extension before the image applies to it.
                    if (gif[position + 1] == GraphicControlLabel && position + 6 < gif.Length)
                    {
                        var transparent = (gif[position + 3] & TransparencyFlag) != 0;
                        (flagOffset, transparentIndex) = transparent ? (position + 3, gif[position + 6]) : (-1, -1);
                    }

                    position = SkipSubBlocks(gif, position + 2);
                    break;

                case ImageSeparator:
                    if (position + DescriptorLength > gif.Length)
                    {
                        return new Scan(false);
                    }

                    var descriptor = gif.Slice(position + 1, DescriptorLength - 1);
                    var frame = new PixelWindow(
                        BinaryPrimitives.ReadUInt16LittleEndian(descriptor),
                        BinaryPrimitives.ReadUInt16LittleEndian(descriptor[2..]),
                        BinaryPrimitives.ReadUInt16LittleEndian(descriptor[4..]),
                        BinaryPrimitives.ReadUInt16LittleEndian(descriptor[6..]));
                    var localColors = ColorCount(descriptor[8]);
                    var (paletteOffset, paletteColors) = localColors > 0
                        ? (position + DescriptorLength, localColors)
                        : (globalColors > 0 ? HeaderLength : -1, globalColors);
                    position += DescriptorLength + 3 * localColors;
                    position = SkipSubBlocks(gif, position + 1); // + the LZW minimum code size byte
                    return new Scan(position <= gif.Length, flagOffset, transparentIndex, frame, paletteOffset, paletteColors);

                default:
                    // The trailer before any image, or a block the format does not allow: the decoder reports it.
                    return new Scan(true);
            }
        }

        return new Scan(false);
    }

    private static int ColorCount(byte packed) => (packed & 0x80) != 0 ? 2 << (packed & 0x07) : 0;

    /// <summary>Index after the terminating empty sub-block, or past the end when the data stops first.</summary>
    private static int SkipSubBlocks(ReadOnlySpan<byte> gif, int position)
    {
        while (position < gif.Length)
        {
            var length = gif[position];
            position += 1 + length;
            if (length == 0)
            {
                return position;
            }
        }

        return int.MaxValue;
    }
}
