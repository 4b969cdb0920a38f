using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using SixLabors.ImageSharp;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// Keeps interlaced PNGs that ImageSharp 2.1's Adam7 decoder would never finish away from it.
/// </summary>
/// <remarks>
/// When the image data runs out before the seventh pass ends, that decoder jumps back into its pass loop instead of
/// returning and spins on its thread for ever (found by the decoder fuzz test; the completeness check cannot see it,
/// because the chunks are all there, only the compressed data inside them is short). It also starts the pass after an
/// empty one at the wrong row, and images narrower than 5 pixels have empty passes, so it wants more rows than even a
/// whole file of that width holds. So: narrow interlaced PNGs are refused as unsupported, and the others have their
/// data inflated (without keeping it) to check it covers all seven passes before the decoder sees it.
/// </remarks>
internal static class InterlacedPngData
{
    /// <summary>Narrowest interlaced PNG whose seven passes all have pixels, which the decoder needs.</summary>
    public const int MinimumWidth = 5;

    private const int SignatureLength = 8;
    private const int ChunkOverhead = 12;
    private const int HeaderLength = 13;
    private const byte Adam7 = 1;

    // Adam7's passes: first row and column, and the steps between rows and columns.
    private static ReadOnlySpan<byte> FirstRow => [0, 0, 4, 0, 2, 0, 1];

    private static ReadOnlySpan<byte> FirstColumn => [0, 4, 0, 2, 0, 1, 0];

    private static ReadOnlySpan<byte> RowStep => [8, 8, 8, 4, 4, 2, 2];

    private static ReadOnlySpan<byte> ColumnStep => [8, 8, 4, 4, 2, 2, 1];

    /// <summary>Throws what the decoder should have, if <paramref name="png"/> is interlaced and would hang it.</summary>
    /// <exception cref="NotSupportedException">Interlaced and narrower than <see cref="MinimumWidth"/>.</exception>
    /// <exception cref="InvalidImageContentException">Interlaced, and the data ends before the last pass.</exception>
    public static void ThrowIfUndecodable(ReadOnlyMemory<byte> png)
    {
        if (!TryFindHeader(png.Span, out var header, out var firstData) || header[12] != Adam7)
        {
            return;
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(header);
        var height = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        if (width < MinimumWidth)
        {
            throw new NotSupportedException(string.Create(
                CultureInfo.InvariantCulture, $"interlacing in an image narrower than {MinimumWidth} pixels"));
        }

        if (BitsPerPixel(header[8], header[9]) is not { } bitsPerPixel)
        {
            return; // a depth or colour type the decoder refuses before it reads any data
        }

        var needed = PassBytes(width, height, bitsPerPixel);
        var inflated = InflatedLength(png.Span, firstData, needed);
        if (inflated < needed)
        {
            throw new InvalidImageContentException(string.Create(
                CultureInfo.InvariantCulture,
                $"The interlaced image data holds {inflated} of the {needed} bytes its seven passes need."));
        }
    }

    /// <summary>The IHDR in force at the first IDAT (the decoder takes the last one before it), and that IDAT's offset.</summary>
    private static bool TryFindHeader(ReadOnlySpan<byte> png, out ReadOnlySpan<byte> header, out int firstData)
    {
        header = default;
        firstData = -1;
        long position = SignatureLength;
        while (position + ChunkOverhead <= png.Length)
        {
            var at = (int)position;
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            var type = png.Slice(at + 4, 4);
            if (position + ChunkOverhead + length > png.Length)
            {
                return false;
            }

            if (type.SequenceEqual("IDAT"u8))
            {
                firstData = at;
                return header.Length >= HeaderLength; // the decoder reads the first 13 bytes of a longer one
            }

            if (type.SequenceEqual("IHDR"u8))
            {
                header = png.Slice(at + 8, (int)length);
            }

            position += ChunkOverhead + length;
        }

        return false;
    }

    private static int? BitsPerPixel(byte bitDepth, byte colourType)
    {
        int? samples = colourType switch
        {
            0 or 3 => 1, // grey, palette index
            2 => 3, // RGB
            4 => 2, // grey and alpha
            6 => 4, // RGBA
            _ => null,
        };
        return bitDepth is 1 or 2 or 4 or 8 or 16 ? bitDepth * samples : null;
    }

    /// <summary>Filtered bytes in all seven passes: each row of each pass is a filter byte and its packed pixels.</summary>
    private static long PassBytes(uint width, uint height, int bitsPerPixel)
    {
        var total = 0L;
        for (var pass = 0; pass < 7; pass++)
        {
            var columns = Count(width, FirstColumn[pass], ColumnStep[pass]);
            var rows = Count(height, FirstRow[pass], RowStep[pass]);
            if (columns > 0)
            {
                total += rows * (1 + (columns * bitsPerPixel + 7) / 8);
            }
        }

        return total;

        static long Count(uint size, int first, int step) => size > (uint)first ? (size - first + step - 1) / step : 0;
    }

    /// <summary>
    /// Bytes the zlib stream in the consecutive IDAT chunks from <paramref name="firstData"/> inflates to, counting no
    /// further than <paramref name="enough"/>. The decoder reads the same run: it stops at the first other (or empty)
    /// chunk, and skips a preset dictionary's id.
    /// </summary>
    private static long InflatedLength(ReadOnlySpan<byte> png, int firstData, long enough)
    {
        using var compressed = new MemoryStream();
        var position = firstData;
        while (position + ChunkOverhead <= png.Length && png.Slice(position + 4, 4).SequenceEqual("IDAT"u8))
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            if (length == 0 || position + ChunkOverhead + (long)length > png.Length)
            {
                break;
            }

            compressed.Write(png.Slice(position + 8, (int)length));
            position += ChunkOverhead + (int)length;
        }

        const int zlibHeaderLength = 2, dictionaryIdLength = 4, presetDictionary = 0x20;
        var data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        var skip = zlibHeaderLength + (data.Length > 1 && (data[1] & presetDictionary) != 0 ? dictionaryIdLength : 0);
        if (data.Length < skip)
        {
            return 0;
        }

        compressed.Position = skip;
        using var inflater = new DeflateStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            // Never asks for more than is needed, so damage after the last pass (which the decoder never reads) is no error.
            var total = 0L;
            int read;
            while (total < enough && (read = inflater.Read(buffer, 0, (int)Math.Min(buffer.Length, enough - total))) > 0)
            {
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
