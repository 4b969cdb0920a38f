using System.Buffers.Binary;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// The signatures of the formats <see cref="ImageFormats"/> recognises only to refuse by name; ImageSharp detects
/// the ones we decode.
/// </summary>
internal static class UnsupportedImageSignatures
{
    private enum IsoMediaImage
    {
        None,
        Heic,
        Avif,
        Heif,
    }

    private static ReadOnlySpan<byte> Ftyp => "ftyp"u8;

    private static ReadOnlySpan<byte> PhotoshopSignature => "8BPS"u8;

    private static ReadOnlySpan<byte> JpegXlCodestream => [0xFF, 0x0A];

    private static ReadOnlySpan<byte> JpegXlContainer => [0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A];

    private static ReadOnlySpan<byte> Jpeg2000Container => [0, 0, 0, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A];

    private static ReadOnlySpan<byte> Jpeg2000Codestream => [0xFF, 0x4F, 0xFF, 0x51];

    public static bool Heic(ReadOnlySpan<byte> data) => KindOf(data) == IsoMediaImage.Heic;

    public static bool Avif(ReadOnlySpan<byte> data) => KindOf(data) == IsoMediaImage.Avif;

    /// <summary>A HEIF file whose brands name neither HEVC nor AV1.</summary>
    public static bool Heif(ReadOnlySpan<byte> data) => KindOf(data) == IsoMediaImage.Heif;

    public static bool JpegXl(ReadOnlySpan<byte> data) => data.StartsWith(JpegXlCodestream) || data.StartsWith(JpegXlContainer);

    public static bool Jpeg2000(ReadOnlySpan<byte> data) => data.StartsWith(Jpeg2000Container) || data.StartsWith(Jpeg2000Codestream);

    public static bool Photoshop(ReadOnlySpan<byte> data) => data.StartsWith(PhotoshopSignature);

    /// <summary>HEIC, AVIF or HEIF from the ISO-BMFF <c>ftyp</c> box's major and compatible brands.</summary>
    private static IsoMediaImage KindOf(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12 || !data.Slice(4, 4).SequenceEqual(Ftyp))
        {
            return IsoMediaImage.None;
        }

        var boxEnd = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data), (uint)data.Length);
        var major = data.Slice(8, 4);
        if (IsAvif(major))
        {
            return IsoMediaImage.Avif;
        }

        if (IsHeic(major))
        {
            return IsoMediaImage.Heic;
        }

        // A generic HEIF major brand (mif1, msf1) names the codec among the compatible brands after the version.
        var heic = false;
        for (var offset = 16; offset + 4 <= boxEnd; offset += 4)
        {
            var brand = data.Slice(offset, 4);
            if (IsAvif(brand))
            {
                return IsoMediaImage.Avif;
            }

            heic |= IsHeic(brand);
        }

        return heic ? IsoMediaImage.Heic : IsGenericHeif(major) ? IsoMediaImage.Heif : IsoMediaImage.None;
    }

    private static bool IsAvif(ReadOnlySpan<byte> brand) => brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8);

    private static bool IsHeic(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("heim"u8) ||
        brand.SequenceEqual("heis"u8) || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("hevx"u8);

    private static bool IsGenericHeif(ReadOnlySpan<byte> brand) => brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8);
}
