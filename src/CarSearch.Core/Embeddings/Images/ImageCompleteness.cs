using System.Buffers.Binary;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// Tells whether a file holds all of its image data, by walking the format's structure: one walker per supported
/// format, which <see cref="ImageFormats"/> names in the format's row.
/// </summary>
/// <remarks>
/// ImageSharp 2.1 decodes a cut-off JPEG, GIF or PNG without complaint (the missing part comes out black or
/// repeated), while the reference (Pillow) refuses them, and an interrupted upload must not be indexed as if it were
/// the picture. Each check only follows lengths and markers; none decodes anything.
/// </remarks>
internal static class ImageCompleteness
{
    /// <summary>Segments must fit, and an end-of-image marker must follow the last scan's entropy-coded data.</summary>
    public static bool Jpeg(ReadOnlySpan<byte> data)
    {
        const byte startOfScan = 0xDA, endOfImage = 0xD9;
        var position = 2; // after SOI
        while (true)
        {
            // Markers may be preceded by any number of 0xFF fill bytes.
            while (position < data.Length && data[position] == 0xFF && position + 1 < data.Length && data[position + 1] == 0xFF)
            {
                position++;
            }

            if (position < data.Length && data[position] != 0xFF)
            {
                // Stray bytes between segments: decoders skip to the next marker, so do we.
                var skip = data[position..].IndexOf((byte)0xFF);
                if (skip < 0)
                {
                    return false;
                }

                position += skip;
                continue;
            }

            if (position + 1 >= data.Length)
            {
                return false;
            }

            var marker = data[position + 1];
            if (marker == endOfImage)
            {
                return true;
            }

            if (IsStandalone(marker))
            {
                position += 2;
                continue;
            }

            if (position + 3 >= data.Length)
            {
                return false;
            }

            position += 2 + BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            if (position > data.Length)
            {
                return false;
            }

            if (marker == startOfScan)
            {
                // Entropy-coded data: 0xFF is followed by a stuffed 0x00 or a restart marker until the next marker.
                while (true)
                {
                    var next = data[position..].IndexOf((byte)0xFF);
                    if (next < 0 || position + next + 1 >= data.Length)
                    {
                        return false;
                    }

                    position += next;
                    var following = data[position + 1];
                    if (following == 0x00 || following is >= 0xD0 and <= 0xD7 || following == 0xFF)
                    {
                        position += following == 0xFF ? 1 : 2;
                        continue;
                    }

                    break;
                }
            }
        }

        static bool IsStandalone(byte marker) => marker is 0x01 or (>= 0xD0 and <= 0xD8);
    }

    /// <summary>Every chunk must fit, up to and including IEND.</summary>
    public static bool Png(ReadOnlySpan<byte> data)
    {
        const int signatureLength = 8, chunkOverhead = 12;
        long position = signatureLength;
        while (position + chunkOverhead <= data.Length)
        {
            var chunk = data[(int)position..];
            var length = BinaryPrimitives.ReadUInt32BigEndian(chunk);
            var end = position + chunkOverhead + length;
            if (end > data.Length)
            {
                return false;
            }

            if (chunk.Slice(4, 4).SequenceEqual("IEND"u8))
            {
                return true;
            }

            position = end;
        }

        return false;
    }

    /// <summary>The first frame must be whole: only it is decoded, so losing later frames loses nothing.</summary>
    public static bool Gif(ReadOnlySpan<byte> data) => GifFirstFrame.Read(data).Complete;

    /// <summary>The first directory and every strip or tile it points to must be present.</summary>
    public static bool Tiff(ReadOnlySpan<byte> data)
    {
        const int headerLength = 8, entryLength = 12, classicVersion = 42;
        const ushort stripOffsets = 273, stripByteCounts = 279, tileOffsets = 324, tileByteCounts = 325;
        if (data.Length < headerLength)
        {
            return false;
        }

        var little = data[0] == (byte)'I';
        if (Read16(data, 2, little) != classicVersion)
        {
            return true; // BigTIFF: the decoder says whether it can read it
        }

        long directory = Read32(data, 4, little);
        if (directory + 2 > data.Length)
        {
            return false;
        }

        var entries = Read16(data, directory, little);
        if (directory + 2 + (long)entries * entryLength > data.Length)
        {
            return false;
        }

        long offsetsEntry = -1, countsEntry = -1;
        for (var i = 0; i < entries; i++)
        {
            var entry = directory + 2 + (long)i * entryLength;
            switch (Read16(data, entry, little))
            {
                case stripOffsets or tileOffsets:
                    offsetsEntry = entry;
                    break;
                case stripByteCounts or tileByteCounts:
                    countsEntry = entry;
                    break;
            }
        }

        if (offsetsEntry < 0 || countsEntry < 0)
        {
            return true; // no image data located: the decoder reports the file as damaged
        }

        var pieces = Math.Min(Read32(data, offsetsEntry + 4, little), Read32(data, countsEntry + 4, little));
        for (var i = 0L; i < pieces; i++)
        {
            if (!TryReadValue(data, offsetsEntry, i, little, out var offset) ||
                !TryReadValue(data, countsEntry, i, little, out var count) ||
                offset + count > data.Length)
            {
                return false;
            }
        }

        return true;

        static bool TryReadValue(ReadOnlySpan<byte> data, long entry, long index, bool little, out long value)
        {
            const ushort shortType = 3;
            var size = Read16(data, entry + 2, little) == shortType ? 2 : 4;
            var count = Read32(data, entry + 4, little);
            var at = (count * size <= 4 ? entry + 8 : Read32(data, entry + 8, little)) + index * size;
            value = at + size > data.Length ? -1 : size == 2 ? Read16(data, at, little) : Read32(data, at, little);
            return value >= 0;
        }
    }

    private static ushort Read16(ReadOnlySpan<byte> data, long at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(data[(int)at..]) : BinaryPrimitives.ReadUInt16BigEndian(data[(int)at..]);

    private static uint Read32(ReadOnlySpan<byte> data, long at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data[(int)at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[(int)at..]);

    /// <summary>The RIFF container's declared size must be present.</summary>
    public static bool Webp(ReadOnlySpan<byte> data)
    {
        const int riffHeaderLength = 8;
        return data.Length >= riffHeaderLength &&
               riffHeaderLength + (long)BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) <= data.Length;
    }

    /// <summary>The pixel array the headers describe must be present.</summary>
    /// <remarks>
    /// Only the fields the info header's own length holds are read: OS/2 2.x headers may stop after the bit depth
    /// (16 bytes) or the compression (20), and what follows them is pixel data, not a compression or image size.
    /// </remarks>
    public static bool Bmp(ReadOnlySpan<byte> data)
    {
        const int fileHeaderLength = 14, coreHeaderLength = 12, shortestInfoLength = 16, compressionEnd = 20, imageSizeEnd = 24;
        if (data.Length < fileHeaderLength + 4)
        {
            return false;
        }

        long pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        var infoLength = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        if (data.Length < fileHeaderLength + Math.Min(infoLength, 40u))
        {
            return false;
        }

        long width, height, bitsPerPixel, compression = 0, imageSize = 0;
        if (infoLength == coreHeaderLength)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[20..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[24..]);
        }
        else if (infoLength < shortestInfoLength)
        {
            return true; // no header a decoder reads: the decoder reports the file
        }
        else
        {
            width = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[18..]));
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[22..]));
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]);
            if (infoLength >= compressionEnd)
            {
                compression = BinaryPrimitives.ReadUInt32LittleEndian(data[30..]);
            }

            if (infoLength >= imageSizeEnd)
            {
                imageSize = BinaryPrimitives.ReadUInt32LittleEndian(data[34..]);
            }
        }

        const long rgb = 0, bitFields = 3, alphaBitFields = 6;
        var needed = compression is rgb or bitFields or alphaBitFields
            ? (width * bitsPerPixel + 31) / 32 * 4 * height
            : Math.Max(imageSize, 1); // run-length and embedded JPEG/PNG: only the declared size is known
        return pixelOffset + needed <= data.Length;
    }
}
