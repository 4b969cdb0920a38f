namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// Walks a GIF's blocks up to the end of its first image: whether the file holds that image whole, and where the
/// graphic control extension that makes one of its palette entries transparent sits.
/// </summary>
internal static class GifFirstFrame
{
    private const int HeaderLength = 6 + 7;
    private const byte ExtensionIntroducer = 0x21;
    private const byte ImageSeparator = 0x2C;
    private const byte Trailer = 0x3B;
    private const byte GraphicControlLabel = 0xF9;
    private const byte TransparencyFlag = 0x01;

    /// <summary>
    /// <paramref name="Complete"/>: the first image's data is all there (or the file says it has none, which the
    /// decoder reports). <paramref name="TransparencyFlagOffset"/>: index of the packed byte whose bit 0 marks a
    /// transparent index for the first image, or -1.
    /// </summary>
    public readonly record struct Scan(bool Complete, int TransparencyFlagOffset);

    public static Scan Read(ReadOnlySpan<byte> gif)
    {
        if (gif.Length < HeaderLength)
        {
            return new Scan(false, -1);
        }

        var position = HeaderLength + ColorTableLength(gif[10]);
        var transparencyFlag = -1;
        while (position < gif.Length)
        {
            switch (gif[position])
            {
                case ExtensionIntroducer:
                    if (position + 1 >= gif.Length)
                    {
                        return new Scan(false, -1);
                    }

                    // Only the last graphic control extension before the image applies to it.
                    if (gif[position + 1] == GraphicControlLabel && position + 3 < gif.Length)
                    {
                        transparencyFlag = (gif[position + 3] & TransparencyFlag) != 0 ? position + 3 : -1;
                    }

                    position = SkipSubBlocks(gif, position + 2);
                    break;

                case ImageSeparator:
                    const int descriptorLength = 10;
                    if (position + descriptorLength > gif.Length)
                    {
                        return new Scan(false, -1);
                    }

                    position += descriptorLength + ColorTableLength(gif[position + 9]);
                    position = SkipSubBlocks(gif, position + 1); // + the LZW minimum code size byte
                    return new Scan(position <= gif.Length, transparencyFlag);

                case Trailer:
                    return new Scan(true, -1);

                default:
                    // Not a block the format allows: leave it to the decoder to call the file damaged.
                    return new Scan(true, -1);
            }
        }

        return new Scan(false, -1);
    }

    private static int ColorTableLength(byte packed) => (packed & 0x80) != 0 ? 3 << ((packed & 0x07) + 1) : 0;

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
