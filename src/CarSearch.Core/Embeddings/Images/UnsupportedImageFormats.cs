using System.Buffers.Binary;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// Recognises image formats we deliberately do not decode by their signatures, so the user hears "HEIC images are not
/// supported" rather than "not an image".
/// </summary>
/// <remarks>
/// HEIC and AVIF (phone cameras' defaults), JPEG XL, JPEG 2000 and PSD have no decoder in ImageSharp 2.1. TGA and PBM
/// have one but are left out of the decoding configuration: they are not photo-upload formats, and TGA has no
/// signature, so random bytes could pass for one.
/// </remarks>
internal static class UnsupportedImageFormats
{
    /// <summary>The formats we decode, as a user would list them.</summary>
    public const string SupportedList = "JPEG, PNG, WebP, GIF, BMP or TIFF";

    private static ReadOnlySpan<byte> Ftyp => "ftyp"u8;

    private static ReadOnlySpan<byte> Photoshop => "8BPS"u8;

    private static ReadOnlySpan<byte> JpegXlCodestream => [0xFF, 0x0A];

    private static ReadOnlySpan<byte> JpegXlContainer => [0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A];

    private static ReadOnlySpan<byte> Jpeg2000Container => [0, 0, 0, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A];

    private static ReadOnlySpan<byte> Jpeg2000Codestream => [0xFF, 0x4F, 0xFF, 0x51];

    /// <summary>The format's name if <paramref name="data"/> starts like a known image format we refuse, else null.</summary>
    public static string? Detect(ReadOnlySpan<byte> data)
    {
        if (IsoMediaImage(data) is { } heifFamily)
        {
            return heifFamily;
        }

        if (data.StartsWith(JpegXlCodestream) || data.StartsWith(JpegXlContainer))
        {
            return "JPEG XL";
        }

        if (data.StartsWith(Jpeg2000Container) || data.StartsWith(Jpeg2000Codestream))
        {
            return "JPEG 2000";
        }

        return data.StartsWith(Photoshop) ? "Photoshop (PSD)" : null;
    }

    /// <summary>HEIC, AVIF or HEIF from the ISO-BMFF <c>ftyp</c> box's major and compatible brands.</summary>
    private static string? IsoMediaImage(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12 || !data.Slice(4, 4).SequenceEqual(Ftyp))
        {
            return null;
        }

        var boxEnd = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data), (uint)data.Length);
        var major = data.Slice(8, 4);
        if (IsAvif(major))
        {
            return "AVIF";
        }

        if (IsHeic(major))
        {
            return "HEIC";
        }

        // A generic HEIF major brand (mif1, msf1) names the codec among the compatible brands after the version.
        var heic = false;
        for (var offset = 16; offset + 4 <= boxEnd; offset += 4)
        {
            var brand = data.Slice(offset, 4);
            if (IsAvif(brand))
            {
                return "AVIF";
            }

            heic |= IsHeic(brand);
        }

        return heic ? "HEIC" : IsGenericHeif(major) ? "HEIF" : null;
    }

    private static bool IsAvif(ReadOnlySpan<byte> brand) => brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8);

    private static bool IsHeic(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("heim"u8) ||
        brand.SequenceEqual("heis"u8) || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("hevx"u8);

    private static bool IsGenericHeif(ReadOnlySpan<byte> brand) => brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8);
}
