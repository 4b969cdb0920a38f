using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace CarSearch.Tests;

/// <summary>Builds files that lie, stop short or only pretend to be images.</summary>
public static class HostileInputs
{
    private static readonly byte[] EmptyZlibStream = [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];

    /// <summary>A valid, tiny PNG whose header claims <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] PngClaiming(int width, int height) =>
        Png(Ihdr(width, height, colourType: 2, interlaced: false), EmptyZlibStream);

    /// <summary>
    /// A whole 8-bit grey PNG of a diagonal ramp, its rows stored in order or in Adam7's seven passes; with
    /// <paramref name="keptRows"/>, the compressed data holds only that many filtered rows (all passes counted), as
    /// in a file whose chunks are all there but whose image data ends early.
    /// </summary>
    public static byte[] GreyPng(int width, int height, bool interlaced, int? keptRows = null)
    {
        (int FirstRow, int FirstColumn, int RowStep, int ColumnStep)[] passes = interlaced
            ? [(0, 0, 8, 8), (0, 4, 8, 8), (4, 0, 8, 4), (0, 2, 4, 4), (2, 0, 4, 2), (0, 1, 2, 2), (1, 0, 2, 1)]
            : [(0, 0, 1, 1)];
        var rows = new List<byte[]>();
        foreach (var (firstRow, firstColumn, rowStep, columnStep) in passes)
        {
            for (var y = firstRow; y < height && firstColumn < width; y += rowStep)
            {
                var row = new List<byte> { 0 }; // filter: none
                for (var x = firstColumn; x < width; x += columnStep)
                {
                    row.Add((byte)((x * 7) + (y * 13)));
                }

                rows.Add([.. row]);
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            foreach (var row in rows.Take(keptRows ?? rows.Count))
            {
                zlib.Write(row);
            }
        }

        return Png(Ihdr(width, height, colourType: 0, interlaced), compressed.ToArray());
    }

    /// <summary>A copy of a JPEG whose frame header claims another size; the scan data stays as it was.</summary>
    public static byte[] JpegClaiming(byte[] jpeg, int width, int height)
    {
        var copy = (byte[])jpeg.Clone();
        for (var i = 2; i + 9 < copy.Length; i++)
        {
            // SOF0..SOF2 (baseline, extended, progressive): FF Cn, length, precision, height, width.
            if (copy[i] == 0xFF && copy[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 5), checked((ushort)height));
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 7), checked((ushort)width));
                return copy;
            }
        }

        throw new InvalidOperationException("No frame header found.");
    }

    /// <summary>
    /// A tiny GIF whose logical screen (what the header check sees) is small but whose first frame claims
    /// <paramref name="frameWidth"/> x <paramref name="frameHeight"/>.
    /// </summary>
    public static byte[] GifWithOversizedFrame(int frameWidth, int frameHeight)
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([100, 0, 100, 0, 0x80, 0, 0]); // 100x100 screen, global table of 2 colours
        gif.AddRange([0, 0, 0, 255, 255, 255]);
        gif.AddRange([0x2C, 0, 0, 0, 0]);
        gif.AddRange(BitConverter.GetBytes(checked((ushort)frameWidth)));
        gif.AddRange(BitConverter.GetBytes(checked((ushort)frameHeight)));
        gif.Add(0); // no local table
        gif.AddRange([2, 2, 0x4C, 0x01, 0, 0x3B]); // LZW code size 2, one tiny sub-block, terminator, trailer
        return [.. gif];
    }

    /// <summary>
    /// A whole 1x1 24-bit BMP whose info header is <paramref name="infoHeaderLength"/> bytes (12: OS/2 1.x core,
    /// 16: OS/2 2.x short, 40: Windows), holding only the fields that length has room for.
    /// </summary>
    public static byte[] OneByOneBmp(int infoHeaderLength)
    {
        const int fileHeaderLength = 14, rowBytes = 4;
        var bmp = new byte[fileHeaderLength + infoHeaderLength + rowBytes];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), fileHeaderLength + infoHeaderLength);
        var info = bmp.AsSpan(fileHeaderLength, infoHeaderLength);
        BinaryPrimitives.WriteInt32LittleEndian(info, infoHeaderLength);
        if (infoHeaderLength == 12)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(info[4..], 1); // width
            BinaryPrimitives.WriteUInt16LittleEndian(info[6..], 1); // height
            BinaryPrimitives.WriteUInt16LittleEndian(info[8..], 1); // planes
            BinaryPrimitives.WriteUInt16LittleEndian(info[10..], 24); // bits per pixel
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(info[4..], 1);
            BinaryPrimitives.WriteInt32LittleEndian(info[8..], 1);
            BinaryPrimitives.WriteUInt16LittleEndian(info[12..], 1);
            BinaryPrimitives.WriteUInt16LittleEndian(info[14..], 24);
        }

        bmp.AsSpan(fileHeaderLength + infoHeaderLength).Fill(0x7F); // one grey pixel, padded to 4 bytes
        return bmp;
    }

    /// <summary>The start of an ISO-BMFF file (HEIC, AVIF) with the given brands in its ftyp box.</summary>
    public static byte[] IsoMedia(string majorBrand, params string[] compatibleBrands)
    {
        var brands = Encoding.ASCII.GetBytes(string.Concat(compatibleBrands));
        var box = new byte[16 + brands.Length];
        BinaryPrimitives.WriteInt32BigEndian(box, box.Length);
        Encoding.ASCII.GetBytes("ftyp" + majorBrand).CopyTo(box, 4);
        brands.CopyTo(box, 16);
        return [.. box, .. new byte[64]]; // then a meta box would follow
    }

    public static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>IHDR's 13 bytes for an 8-bit image of the given PNG colour type (0 grey, 2 RGB).</summary>
    private static byte[] Ihdr(int width, int height, byte colourType, bool interlaced)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = colourType;
        ihdr[12] = interlaced ? (byte)1 : (byte)0; // Adam7
        return ihdr;
    }

    private static byte[] Png(byte[] ihdr, byte[] idat)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", idat);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        // PNG's CRC-32 is the IEEE one, so a forged chunk passes the decoder's checksum test.
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.HashToUInt32(typed));
        png.Write(word);
    }
}
