using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>
/// Writes an uncompressed 16-bit-per-channel RGB TIFF by hand: ImageSharp 2.1's encoder silently writes 8 bits and
/// Pillow 9.4 cannot save 16-bit RGB either.
/// </summary>
public static class Rgb48Tiff
{
    public static byte[] Encode(Image<Rgb48> image)
    {
        const int headerLength = 8, entries = 10, directoryLength = 2 + entries * 12 + 4;
        var pixelBytes = image.Width * image.Height * 6;
        var bitsPerSampleAt = headerLength + directoryLength;
        var pixelsAt = bitsPerSampleAt + 6;
        var file = new byte[pixelsAt + pixelBytes];
        "II"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), headerLength);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(headerLength), entries);

        var entry = headerLength + 2;
        void Tag(ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(entry), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(entry + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(entry + 4), count);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(entry + 8), value);
            entry += 12;
        }

        const ushort shortType = 3, longType = 4;
        Tag(256, longType, 1, (uint)image.Width);
        Tag(257, longType, 1, (uint)image.Height);
        Tag(258, shortType, 3, (uint)bitsPerSampleAt); // BitsPerSample 16,16,16
        Tag(259, shortType, 1, 1); // no compression
        Tag(262, shortType, 1, 2); // RGB
        Tag(273, longType, 1, (uint)pixelsAt);
        Tag(277, shortType, 1, 3);
        Tag(278, longType, 1, (uint)image.Height);
        Tag(279, longType, 1, (uint)pixelBytes);
        Tag(284, shortType, 1, 1); // chunky
        for (var i = 0; i < 3; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(bitsPerSampleAt + 2 * i), 16);
        }

        var at = pixelsAt;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var pixel = image[x, y];
                foreach (var sample in new[] { pixel.R, pixel.G, pixel.B })
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at), sample);
                    at += 2;
                }
            }
        }

        return file;
    }
}
