using System.Security.Cryptography;
using CarSearch.Core.Embeddings.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>
/// Conversion to RGB as Pillow's <c>convert("RGB")</c> does it, for the modes the kit lacks (CMYK, 16-bit, LA,
/// palette with transparency, animation, BMP, WebP with alpha, TIFF), against goldens made with Pillow 9.4.
/// </summary>
public sealed class ColorConversionTests
{
    /// <summary>Grey levels by which JPEG decoders may differ on average (libjpeg-turbo's IDCT vs ImageSharp's).</summary>
    private const double JpegMeanLevels = 1.0;

    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions());

    [Theory]
    [MemberData(nameof(PillowGoldens.Supported), MemberType = typeof(PillowGoldens))]
    public void ConvertsToTheSameRgbAsPillow(PillowGolden golden)
    {
        // The golden RGB PNG needs no conversion, and RGB PNGs are bit-exact against the kit: equal tensors mean
        // equal converted pixels.
        var converted = Preprocessor.Preprocess(golden.ReadInput());
        var expected = Preprocessor.Preprocess(golden.ReadConvertedRgb());

        Assert.Equal(golden.Width, converted.Header.Width);
        Assert.Equal(golden.Height, converted.Header.Height);
        if (golden.IsJpeg)
        {
            var (_, mean) = TensorDifference.InLevels(TensorDifference.ToLevels(converted.Pixels), TensorDifference.ToLevels(expected.Pixels));
            Assert.True(mean <= JpegMeanLevels, $"{golden.File}: mean difference {mean} grey levels.");
        }
        else
        {
            Assert.Equal(expected.Pixels, converted.Pixels);
        }
    }

    [Theory]
    [MemberData(nameof(PillowGoldens.Supported), MemberType = typeof(PillowGoldens))]
    public void WholePipelineMatchesPillowBitForBit(PillowGolden golden)
    {
        if (golden.IsJpeg)
        {
            return; // decoders differ; covered with a tolerance above
        }

        var pixels = Preprocessor.Preprocess(golden.ReadInput()).Pixels;
        var bytes = new byte[pixels.Length * sizeof(float)];
        Buffer.BlockCopy(pixels, 0, bytes, 0, bytes.Length);

        Assert.Equal(golden.TensorSha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public void SixteenBitGreyKeepsTheHighByte()
    {
        // Pillow 9.4 opens 16-bit grey as mode I and clips it to 255 on conversion (a white picture); we keep the
        // high byte, the rule it applies to 16-bit RGB, so the picture survives.
        using var wide = new Image<L16>(300, 200);
        using var narrow = new Image<L8>(300, 200);
        for (var y = 0; y < wide.Height; y++)
        {
            for (var x = 0; x < wide.Width; x++)
            {
                var value = (ushort)((x * 211 + y * 97) * 37 % 65536);
                wide[x, y] = new L16(value);
                narrow[x, y] = new L8((byte)(value >> 8));
            }
        }

        var fromWide = Preprocessor.Preprocess(Encode(wide)).Pixels;
        var fromNarrow = Preprocessor.Preprocess(Encode(narrow)).Pixels;

        Assert.Equal(fromNarrow, fromWide);
    }

    [Fact]
    public void SixteenBitRgbTiffKeepsTheHighByte()
    {
        // Pillow 9.4 reads this file as RGB with the high byte of each sample (checked with Rgb48Tiff's output).
        using var wide = new Image<Rgb48>(300, 200);
        using var narrow = new Image<Rgb24>(300, 200);
        for (var y = 0; y < wide.Height; y++)
        {
            for (var x = 0; x < wide.Width; x++)
            {
                var (r, g, b) = ((ushort)(x * 218 + 77), (ushort)(y * 327 + 200), (ushort)((x * y * 13) % 65536));
                wide[x, y] = new Rgb48(r, g, b);
                narrow[x, y] = new Rgb24((byte)(r >> 8), (byte)(g >> 8), (byte)(b >> 8));
            }
        }

        var tiff = Rgb48Tiff.Encode(wide);

        Assert.Equal(Preprocessor.Preprocess(Encode(narrow)).Pixels, Preprocessor.Preprocess(tiff).Pixels);
    }

    [Fact]
    public void TransparentPixelsKeepTheirStoredColour()
    {
        // Compositing onto black or white would change these pixels; the reference drops alpha.
        using var transparent = new Image<Rgba32>(250, 224, new Rgba32(200, 120, 40, 0));
        using var opaque = new Image<Rgb24>(250, 224, new Rgb24(200, 120, 40));

        Assert.Equal(Preprocessor.Preprocess(Encode(opaque)).Pixels, Preprocessor.Preprocess(Encode(transparent)).Pixels);
    }

    private static byte[] Encode<TPixel>(Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }
}
