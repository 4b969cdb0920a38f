using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>
/// Finds the length, size and flag fields of a JPEG, PNG, GIF, WebP, BMP or TIFF (and a JPEG's EXIF block), so the
/// fuzzer can forge the values decoders trust instead of only flipping bits the entropy coder absorbs.
/// </summary>
/// <remarks>
/// A walk of already-mutated bytes: it stops at the first thing that does not add up and never throws. Names are
/// unique within a file (a repeat gets "#2", "#3"), so a recipe can name a field and replay on another file.
/// </remarks>
public static class ImageFields
{
    private const int MaxFields = 400;

    public static IReadOnlyList<ImageField> Find(ReadOnlySpan<byte> data)
    {
        var fields = new List<ImageField>();
        if (IsPng(data))
        {
            Png(data, fields);
        }
        else if (data.Length > 2 && data[0] == 0xFF && data[1] == 0xD8)
        {
            Jpeg(data, fields);
        }
        else if (data.StartsWith("GIF8"u8))
        {
            Gif(data, fields);
        }
        else if (data.StartsWith("RIFF"u8))
        {
            Webp(data, fields);
        }
        else if (data.StartsWith("BM"u8))
        {
            Bmp(data, fields);
        }
        else if (data.StartsWith("II"u8) || data.StartsWith("MM"u8))
        {
            Tiff(data, 0, "TIFF", fields);
        }

        var length = data.Length;
        return Unique(fields.Where(field => field.FitsIn(length)).Take(MaxFields));
    }

    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']);

    private static void Png(ReadOnlySpan<byte> data, List<ImageField> fields)
    {
        foreach (var (type, body) in Chunks(data, 8, png: true, fields))
        {
            switch (type)
            {
                case "IHDR":
                    fields.Add(new("IHDR width", body, 4, true, FieldKind.Dimension));
                    fields.Add(new("IHDR height", body + 4, 4, true, FieldKind.Dimension));
                    fields.Add(new("IHDR bit depth", body + 8, 1, true, FieldKind.Other));
                    fields.Add(new("IHDR colour type", body + 9, 1, true, FieldKind.Other));
                    fields.Add(new("IHDR compression", body + 10, 1, true, FieldKind.Other));
                    fields.Add(new("IHDR filter", body + 11, 1, true, FieldKind.Other));
                    fields.Add(new("IHDR interlace", body + 12, 1, true, FieldKind.Other));
                    break;
                case "IDAT":
                    fields.Add(new("IDAT zlib header", body, 2, true, FieldKind.Other));
                    fields.Add(new("IDAT first block", body + 2, 1, true, FieldKind.Other));
                    break;
                case "tRNS" or "PLTE" or "bKGD" or "sBIT":
                    fields.Add(new($"{type} first byte", body, 1, true, FieldKind.Other));
                    break;
            }
        }
    }

    /// <summary>
    /// The chunks of a PNG (length, type, data, CRC; big-endian) or a RIFF file (type, size, data, a pad byte to an
    /// even size; little-endian) from <paramref name="position"/>: each one's type and where its data starts. Their
    /// length fields go into <paramref name="fields"/>.
    /// </summary>
    private static List<(string Type, int Body)> Chunks(ReadOnlySpan<byte> data, long position, bool png, List<ImageField> fields)
    {
        var chunks = new List<(string, int)>();
        while (position + 8 <= data.Length && chunks.Count < MaxFields)
        {
            var at = (int)position;
            var (typeAt, lengthAt) = png ? (at + 4, at) : (at, at + 4);
            var type = Encoding.ASCII.GetString(data.Slice(typeAt, 4)).TrimEnd();
            var length = png ? BinaryPrimitives.ReadUInt32BigEndian(data[lengthAt..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[lengthAt..]);
            fields.Add(new($"{type} {(png ? "length" : "size")}", lengthAt, 4, png, FieldKind.Length));
            chunks.Add((type, at + 8));
            position = at + 8 + (long)length + (png ? 4 : length & 1);
        }

        return chunks;
    }

    private static void Jpeg(ReadOnlySpan<byte> data, List<ImageField> fields)
    {
        var position = 2;
        while (position + 4 <= data.Length && fields.Count < MaxFields)
        {
            if (data[position] != 0xFF)
            {
                return;
            }

            var marker = data[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD9))
            {
                position += 2;
                continue;
            }

            var name = JpegMarkerName(marker);
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            fields.Add(new($"{name} length", position + 2, 2, true, FieldKind.Length));
            var body = position + 4;
            if (body >= data.Length)
            {
                return;
            }

            switch (marker)
            {
                case >= 0xC0 and <= 0xCF when marker is not (0xC4 or 0xC8 or 0xCC):
                    fields.Add(new($"{name} precision", body, 1, true, FieldKind.Other));
                    fields.Add(new($"{name} height", body + 1, 2, true, FieldKind.Dimension));
                    fields.Add(new($"{name} width", body + 3, 2, true, FieldKind.Dimension));
                    fields.Add(new($"{name} components", body + 5, 1, true, FieldKind.Other));
                    for (var i = 0; i < 4; i++)
                    {
                        fields.Add(new($"{name} component {i} id", body + 6 + 3 * i, 1, true, FieldKind.Other));
                        fields.Add(new($"{name} component {i} sampling", body + 7 + 3 * i, 1, true, FieldKind.Other));
                        fields.Add(new($"{name} component {i} table", body + 8 + 3 * i, 1, true, FieldKind.Other));
                    }

                    break;
                case 0xC4:
                    fields.Add(new("DHT class and id", body, 1, true, FieldKind.Other));
                    for (var i = 0; i < 16; i++)
                    {
                        fields.Add(new($"DHT codes of length {i + 1}", body + 1 + i, 1, true, FieldKind.Length));
                    }

                    break;
                case 0xDB:
                    fields.Add(new("DQT precision and id", body, 1, true, FieldKind.Other));
                    break;
                case 0xDD:
                    fields.Add(new("DRI interval", body, 2, true, FieldKind.Other));
                    break;
                case 0xE1 when data[body..].StartsWith("Exif\0\0"u8):
                    Tiff(data, body + 6, "EXIF", fields);
                    break;
                case 0xDA:
                    fields.Add(new("SOS components", body, 1, true, FieldKind.Other));
                    var components = data[body];
                    for (var i = 0; i < Math.Min((int)components, 4); i++)
                    {
                        fields.Add(new($"SOS component {i} tables", body + 2 + 2 * i, 1, true, FieldKind.Other));
                    }

                    var spectral = body + 1 + 2 * components;
                    fields.Add(new("SOS spectral start", spectral, 1, true, FieldKind.Other));
                    fields.Add(new("SOS spectral end", spectral + 1, 1, true, FieldKind.Other));
                    fields.Add(new("SOS approximation", spectral + 2, 1, true, FieldKind.Other));
                    position = AfterEntropyCodedData(data, position + 2 + length);
                    continue;
            }

            position += 2 + length;
        }
    }

    /// <summary>The next marker after a scan's entropy-coded data (0xFF00 is a stuffed byte, RSTn belong to the scan).</summary>
    private static int AfterEntropyCodedData(ReadOnlySpan<byte> data, int position)
    {
        while (position + 1 < data.Length)
        {
            if (data[position] == 0xFF && data[position + 1] is not (0x00 or 0xFF or (>= 0xD0 and <= 0xD7)))
            {
                return position;
            }

            position++;
        }

        return data.Length;
    }

    private static string JpegMarkerName(byte marker) => marker switch
    {
        0xC4 => "DHT",
        0xCC => "DAC",
        >= 0xC0 and <= 0xCF => "SOF" + (marker - 0xC0).ToString(CultureInfo.InvariantCulture),
        0xDA => "SOS",
        0xDB => "DQT",
        0xDD => "DRI",
        0xFE => "COM",
        >= 0xE0 and <= 0xEF => "APP" + (marker - 0xE0).ToString(CultureInfo.InvariantCulture),
        _ => "marker " + marker.ToString("X2", CultureInfo.InvariantCulture),
    };

    private static void Gif(ReadOnlySpan<byte> data, List<ImageField> fields)
    {
        fields.Add(new("screen width", 6, 2, false, FieldKind.Dimension));
        fields.Add(new("screen height", 8, 2, false, FieldKind.Dimension));
        fields.Add(new("screen flags", 10, 1, false, FieldKind.Other));
        if (data.Length < 13)
        {
            return;
        }

        var position = 13 + GifColors(data[10]) * 3;
        while (position < data.Length && fields.Count < MaxFields)
        {
            switch (data[position])
            {
                case 0x21 when position + 2 < data.Length:
                    fields.Add(new("extension label", position + 1, 1, false, FieldKind.Other));
                    if (data[position + 1] == 0xF9)
                    {
                        fields.Add(new("graphic control flags", position + 3, 1, false, FieldKind.Other));
                        fields.Add(new("transparent index", position + 6, 1, false, FieldKind.Other));
                    }

                    position = GifSubBlocks(data, position + 2, "extension", fields);
                    break;
                case 0x2C when position + 10 < data.Length:
                    fields.Add(new("frame left", position + 1, 2, false, FieldKind.Dimension));
                    fields.Add(new("frame top", position + 3, 2, false, FieldKind.Dimension));
                    fields.Add(new("frame width", position + 5, 2, false, FieldKind.Dimension));
                    fields.Add(new("frame height", position + 7, 2, false, FieldKind.Dimension));
                    fields.Add(new("frame flags", position + 9, 1, false, FieldKind.Other));
                    position += 10 + GifColors(data[position + 9]) * 3;
                    fields.Add(new("LZW minimum code size", position, 1, false, FieldKind.Other));
                    position = GifSubBlocks(data, position + 1, "image data", fields);
                    break;
                default:
                    return;
            }
        }
    }

    private static int GifColors(byte flags) => (flags & 0x80) != 0 ? 2 << (flags & 7) : 0;

    private static int GifSubBlocks(ReadOnlySpan<byte> data, int position, string what, List<ImageField> fields)
    {
        for (var block = 0; position < data.Length; block++)
        {
            if (block < 8)
            {
                fields.Add(new($"{what} block length", position, 1, false, FieldKind.Length));
            }

            var length = data[position];
            position += 1 + length;
            if (length == 0)
            {
                break;
            }
        }

        return position;
    }

    private static void Webp(ReadOnlySpan<byte> data, List<ImageField> fields)
    {
        fields.Add(new("RIFF size", 4, 4, false, FieldKind.Length));
        foreach (var (type, body) in Chunks(data, 12, png: false, fields))
        {
            switch (type)
            {
                case "VP8X":
                    fields.Add(new("VP8X flags", body, 1, false, FieldKind.Other));
                    fields.Add(new("VP8X canvas width - 1", body + 4, 3, false, FieldKind.Dimension));
                    fields.Add(new("VP8X canvas height - 1", body + 7, 3, false, FieldKind.Dimension));
                    break;
                case "VP8":
                    fields.Add(new("VP8 frame tag", body, 3, false, FieldKind.Length));
                    fields.Add(new("VP8 width and scale", body + 6, 2, false, FieldKind.Dimension));
                    fields.Add(new("VP8 height and scale", body + 8, 2, false, FieldKind.Dimension));
                    fields.Add(new("VP8 first partition byte", body + 10, 1, false, FieldKind.Other));
                    break;
                case "VP8L":
                    fields.Add(new("VP8L signature", body, 1, false, FieldKind.Other));
                    fields.Add(new("VP8L size and flags", body + 1, 4, false, FieldKind.Dimension));
                    fields.Add(new("VP8L first transform byte", body + 5, 1, false, FieldKind.Other));
                    break;
                case "ALPH":
                    fields.Add(new("ALPH flags", body, 1, false, FieldKind.Other));
                    break;
            }
        }
    }

    private static void Bmp(ReadOnlySpan<byte> data, List<ImageField> fields)
    {
        fields.Add(new("BMP file size", 2, 4, false, FieldKind.Length));
        fields.Add(new("BMP pixel offset", 10, 4, false, FieldKind.Length));
        fields.Add(new("BMP info header length", 14, 4, false, FieldKind.Length));
        var infoLength = data.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(data[14..]) : 0;
        if (infoLength == 12)
        {
            fields.Add(new("BMP width", 18, 2, false, FieldKind.Dimension));
            fields.Add(new("BMP height", 20, 2, false, FieldKind.Dimension));
            fields.Add(new("BMP planes", 22, 2, false, FieldKind.Other));
            fields.Add(new("BMP bits per pixel", 24, 2, false, FieldKind.Other));
            return;
        }

        fields.Add(new("BMP width", 18, 4, false, FieldKind.Dimension));
        fields.Add(new("BMP height", 22, 4, false, FieldKind.Dimension));
        fields.Add(new("BMP planes", 26, 2, false, FieldKind.Other));
        fields.Add(new("BMP bits per pixel", 28, 2, false, FieldKind.Other));
        fields.Add(new("BMP compression", 30, 4, false, FieldKind.Other));
        fields.Add(new("BMP image size", 34, 4, false, FieldKind.Length));
        fields.Add(new("BMP colours used", 46, 4, false, FieldKind.Length));
        fields.Add(new("BMP red mask", 54, 4, false, FieldKind.Other));
    }

    /// <summary>A TIFF structure starting at <paramref name="origin"/> (0 for a file, inside APP1 for EXIF).</summary>
    private static void Tiff(ReadOnlySpan<byte> data, int origin, string what, List<ImageField> fields)
    {
        if (origin + 8 > data.Length)
        {
            return;
        }

        var big = data[origin] == (byte)'M';
        fields.Add(new($"{what} version", origin + 2, 2, big, FieldKind.Other));
        fields.Add(new($"{what} first directory offset", origin + 4, 4, big, FieldKind.Length));
        var directories = new Queue<(long Offset, string Name)>();
        directories.Enqueue((Read32(data, origin + 4, big), "IFD0"));
        for (var visited = 0; directories.Count > 0 && visited < 4; visited++)
        {
            var (offset, name) = directories.Dequeue();
            var at = origin + offset;
            if (offset == 0 || at + 2 > data.Length)
            {
                continue;
            }

            var entries = big ? BinaryPrimitives.ReadUInt16BigEndian(data[(int)at..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[(int)at..]);
            fields.Add(new($"{what} {name} entry count", (int)at, 2, big, FieldKind.Length));
            for (var i = 0; i < Math.Min((int)entries, 40); i++)
            {
                var entry = at + 2 + 12L * i;
                if (entry + 12 > data.Length)
                {
                    return;
                }

                var e = (int)entry;
                var tag = big ? BinaryPrimitives.ReadUInt16BigEndian(data[e..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[e..]);
                var label = $"{what} {name} tag {tag}";
                fields.Add(new($"{label} type", e + 2, 2, big, FieldKind.Other));
                fields.Add(new($"{label} count", e + 4, 4, big, FieldKind.Length));
                var kind = tag switch
                {
                    256 or 257 => FieldKind.Dimension,
                    273 or 279 or 324 or 325 or 34665 or 34853 or 40965 => FieldKind.Length,
                    _ => FieldKind.Other,
                };
                var type = big ? BinaryPrimitives.ReadUInt16BigEndian(data[(e + 2)..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[(e + 2)..]);
                fields.Add(new($"{label} value", e + 8, type == 3 ? 2 : 4, big, kind));
                if (tag is 34665 or 34853 or 40965)
                {
                    directories.Enqueue((Read32(data, e + 8, big), $"IFD at tag {tag}"));
                }
            }

            var next = at + 2 + 12L * entries;
            if (next + 4 <= data.Length)
            {
                fields.Add(new($"{what} {name} next directory offset", (int)next, 4, big, FieldKind.Length));
                directories.Enqueue((Read32(data, (int)next, big), $"IFD{visited + 1}"));
            }
        }
    }

    private static long Read32(ReadOnlySpan<byte> data, int at, bool big) =>
        at + 4 > data.Length ? long.MaxValue / 2
        : big ? BinaryPrimitives.ReadUInt32BigEndian(data[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);

    private static List<ImageField> Unique(IEnumerable<ImageField> fields)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var unique = new List<ImageField>();
        foreach (var field in fields)
        {
            var count = seen[field.Name] = seen.GetValueOrDefault(field.Name) + 1;
            unique.Add(count == 1 ? field : field with { Name = string.Create(CultureInfo.InvariantCulture, $"{field.Name} #{count}") });
        }

        return unique;
    }
}
