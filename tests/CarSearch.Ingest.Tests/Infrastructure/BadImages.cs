using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Tests;

namespace CarSearch.Ingest.Tests.Infrastructure;

/// <summary>Uploads that must be refused, each for its own reason.</summary>
public static class BadImages
{
    /// <summary>A text file with an image's name.</summary>
    public static byte[] TextFile() => Encoding.UTF8.GetBytes("Not a photo: notes about a red car, saved with the wrong extension.\n");

    /// <summary>The first half of a kit JPEG: an interrupted upload.</summary>
    public static byte[] TruncatedJpeg()
    {
        var jpeg = KitCatalog.Images.First(image => image.Format == "JPEG").ReadBytes();
        return jpeg[..(jpeg.Length / 2)];
    }

    /// <summary>A PNG whose header claims far more pixels than the default limit; refused before any decoding.</summary>
    public static byte[] HugePngHeader()
    {
        const int side = 30_000;
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>What the preprocessor itself says about <paramref name="bytes"/>: the reason the ingest must record.</summary>
    public static string RejectionOf(byte[] bytes) =>
        Assert.Throws<ImageRejectedException>(() => new ImagePreprocessor(new ImageOptions()).Preprocess(bytes)).Message;

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        png.Write(crc);
    }
}
