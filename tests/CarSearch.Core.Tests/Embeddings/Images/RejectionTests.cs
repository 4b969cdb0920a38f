using CarSearch.Core.Embeddings.Images;
using CarSearch.Tests;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp.Memory;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>Bad uploads are refused with a typed reason and a message that names the problem, before any harm.</summary>
public sealed class RejectionTests
{
    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions());

    public static TheoryData<KitImage, int> KitFilesCutShort()
    {
        var data = new TheoryData<KitImage, int>();
        foreach (var image in KitImages.All)
        {
            var length = new FileInfo(image.Path).Length;
            foreach (var cut in new[] { 100, length / 4, length / 2, length * 3 / 4, length - 10 })
            {
                data.Add(image, (int)cut);
            }
        }

        return data;
    }

    public static TheoryData<PillowGolden> GoldenInputs() => PillowGoldens.Supported();

    [Fact]
    public void EmptyFile()
    {
        var error = Rejected(() => Preprocessor.Preprocess(ReadOnlyMemory<byte>.Empty), ImageRejectionReason.Empty);

        Assert.Equal("The file is empty.", error.Message);
        Rejected(() => Preprocessor.Identify(ReadOnlyMemory<byte>.Empty), ImageRejectionReason.Empty);
    }

    [Theory]
    [MemberData(nameof(KitFilesCutShort))]
    public void KitFileCutShortIsTruncated(KitImage image, int length)
    {
        var cut = image.ReadBytes().AsMemory(0, length);

        var error = Rejected(() => Preprocessor.Preprocess(cut), ImageRejectionReason.Truncated);

        Assert.Contains(image.Format, error.Message, StringComparison.Ordinal);
        Assert.Contains("incomplete", error.Message, StringComparison.Ordinal);
        Rejected(() => Preprocessor.Identify(cut), ImageRejectionReason.Truncated);
    }

    [Theory]
    [MemberData(nameof(GoldenInputs))]
    public void OtherFormatsCutInTheirFirstPictureAreTruncated(PillowGolden golden)
    {
        var bytes = golden.ReadInput();

        foreach (var length in new[] { 300, bytes.Length / 5 })
        {
            Rejected(() => Preprocessor.Preprocess(bytes.AsMemory(0, length)), ImageRejectionReason.Truncated);
        }
    }

    [Fact]
    public void AnimationCutAfterItsFirstFrameIsStillThatFrame()
    {
        // Only the first frame is used (as the reference does), so losing later frames loses nothing.
        var gif = File.ReadAllBytes(PillowGoldens.PathOf("animated_96x64.gif"));
        var firstFrameOnly = gif.AsMemory(0, gif.Length * 3 / 5);

        Assert.Equal(Preprocessor.Preprocess(gif).Pixels, Preprocessor.Preprocess(firstFrameOnly).Pixels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomBytesAreAnUnknownFormat(int seed)
    {
        var error = Rejected(() => Preprocessor.Preprocess(HostileInputs.RandomBytes(seed, 10_000)), ImageRejectionReason.UnknownFormat);

        Assert.Contains("JPEG, PNG, WebP, GIF, BMP or TIFF", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KitImages.AllData), MemberType = typeof(KitImages))]
    public void RandomBytesAfterARealHeaderAreRefusedNotCrashing(KitImage image)
    {
        // A genuine signature and header, then noise: whatever the decoder makes of it, the caller gets our error.
        var bytes = image.ReadBytes();
        var forged = bytes.AsSpan(0, Math.Min(bytes.Length, 600)).ToArray().Concat(HostileInputs.RandomBytes(image.Width, 20_000)).ToArray();

        var error = Record.Exception(() => Preprocessor.Preprocess(forged));

        if (error is not null)
        {
            Assert.IsType<ImageRejectedException>(error);
        }
    }

    [Theory]
    [InlineData("heic", new[] { "mif1", "heic" }, "HEIC")]
    [InlineData("mif1", new[] { "mif1", "heic" }, "HEIC")]
    [InlineData("mif1", new[] { "mif1", "miaf" }, "HEIF")]
    [InlineData("avif", new[] { "avif", "mif1", "miaf" }, "AVIF")]
    [InlineData("mif1", new[] { "mif1", "avif" }, "AVIF")]
    public void PhoneFormatsAreNamedAsUnsupported(string major, string[] compatible, string name)
    {
        var error = Rejected(() => Preprocessor.Preprocess(HostileInputs.IsoMedia(major, compatible)), ImageRejectionReason.UnsupportedFormat);

        Assert.Equal($"{name} images are not supported; upload JPEG, PNG, WebP, GIF, BMP or TIFF.", error.Message);
    }

    [Fact]
    public void VideoInAnIsoMediaBoxIsNotCalledAnImage()
    {
        Rejected(() => Preprocessor.Preprocess(HostileInputs.IsoMedia("isom", "isom", "mp42")), ImageRejectionReason.UnknownFormat);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'8', (byte)'B', (byte)'P', (byte)'S', 0, 1 }, "Photoshop (PSD)")]
    [InlineData(new byte[] { 0xFF, 0x0A, 0xFA, 0x7F }, "JPEG XL")]
    [InlineData(new byte[] { 0, 0, 0, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A }, "JPEG 2000")]
    public void OtherImageFormatsAreNamedAsUnsupported(byte[] signature, string name)
    {
        byte[] file = [.. signature, .. new byte[200]];

        var error = Rejected(() => Preprocessor.Preprocess(file), ImageRejectionReason.UnsupportedFormat);

        Assert.StartsWith($"{name} images are not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PillowGoldens.Unsupported), MemberType = typeof(PillowGoldens))]
    public void VariantsTheDecoderLacksAreUnsupportedNotCorrupt(PillowGolden golden)
    {
        var error = Rejected(() => Preprocessor.Preprocess(golden.ReadInput()), ImageRejectionReason.UnsupportedFormat);

        Assert.Contains("feature we cannot decode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TinyFileClaimingHugeDimensionsIsTooLargeBeforeDecoding()
    {
        var png = HostileInputs.PngClaiming(10_000, 8_000);

        var error = Rejected(() => Preprocessor.Preprocess(png), ImageRejectionReason.TooLarge);

        Assert.Equal("The image is 80.0 megapixels (10000x8000); the limit is 50 megapixels.", error.Message);
        Rejected(() => Preprocessor.Identify(png), ImageRejectionReason.TooLarge);
    }

    [Theory]
    [MemberData(nameof(KitImages.OfFormat), "JPEG", MemberType = typeof(KitImages))]
    public void JpegHeaderClaimingHugeDimensionsIsTooLarge(KitImage image)
    {
        var forged = HostileInputs.JpegClaiming(image.ReadBytes(), 65_000, 60_000);

        var error = Rejected(() => Preprocessor.Preprocess(forged), ImageRejectionReason.TooLarge);

        Assert.Contains("3900.0 megapixels", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(KitImages.OfFormat), "JPEG", MemberType = typeof(KitImages))]
    public void JpegHeaderLyingWithinTheLimitDoesNotCrash(KitImage image)
    {
        // The scan data is far too short for the claimed size: a decoded (mostly empty) picture or our error are both
        // acceptable; any other exception, or the process dying, is not.
        var small = new ImagePreprocessor(new ImageOptions { MaxMegapixels = 4 });
        var forged = HostileInputs.JpegClaiming(image.ReadBytes(), 2_000, 1_990);

        var error = Record.Exception(() => small.Preprocess(forged));

        if (error is not null)
        {
            Assert.IsType<ImageRejectedException>(error);
        }
    }

    [Theory]
    [InlineData(1, 10_001)]
    [InlineData(40_000, 3)]
    public void SliversBeyondTheAspectLimitAreRefused(int width, int height)
    {
        var error = Rejected(() => Preprocessor.Preprocess(HostileInputs.PngClaiming(width, height)), ImageRejectionReason.TooLarge);

        Assert.Contains($"{width}x{height}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLimitIsConfigurable()
    {
        var largest = KitImages.All.MaxBy(image => (long)image.Width * image.Height)!;
        var megapixels = (double)largest.Width * largest.Height / 1_000_000;
        var bytes = largest.ReadBytes();

        var below = new ImagePreprocessor(Options.Create(new ImageOptions { MaxMegapixels = megapixels * 0.99 }));
        var above = new ImagePreprocessor(Options.Create(new ImageOptions { MaxMegapixels = megapixels * 1.01 }));

        Rejected(() => below.Preprocess(bytes), ImageRejectionReason.TooLarge);
        Assert.Equal(largest.Width, above.Preprocess(bytes).Header.Width);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(40)]
    public void BmpWithAShortInfoHeaderIsDecodedOrRefusedNotCrashing(int infoHeaderLength)
    {
        // The completeness check must read only the header fields the file's info header length has room for: a
        // short OS/2 header followed by little pixel data ends before a Windows header's fields would.
        var bmp = HostileInputs.OneByOneBmp(infoHeaderLength);

        foreach (var length in new[] { bmp.Length, bmp.Length - 2, 20 })
        {
            var error = Record.Exception(() => Preprocessor.Preprocess(bmp.AsMemory(0, length)));

            if (error is not null)
            {
                Assert.IsType<ImageRejectedException>(error);
            }
        }
    }

    [Fact]
    public void DamagedPngDataIsCorrupt()
    {
        var png = KitImages.All.First(image => image.Format == "PNG").ReadBytes();
        var damaged = (byte[])png.Clone();
        var idat = damaged.AsSpan().IndexOf("IDAT"u8);
        for (var i = idat + 8; i < idat + 40; i++)
        {
            damaged[i] ^= 0x5A;
        }

        var error = Rejected(() => Preprocessor.Preprocess(damaged), ImageRejectionReason.Corrupt);

        Assert.Equal("The PNG file is damaged and cannot be decoded.", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(ImageOptions.HighestMaxMegapixels + 1)]
    public void NonsenseLimitIsRefusedAtStartup(double megapixels)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImagePreprocessor(new ImageOptions { MaxMegapixels = megapixels }));
    }

    [Fact]
    public void FrameLargerThanItsScreenIsHandled()
    {
        // The header check sees a 100x100 screen; the frame inside claims 60000x60000 (3.6 GB of indices). Whether the
        // decoder clips the frame or the buffer cap stops it, the caller gets a picture or our error.
        var gif = HostileInputs.GifWithOversizedFrame(60_000, 60_000);

        var error = Record.Exception(() => Preprocessor.Preprocess(gif));

        if (error is not null)
        {
            Assert.IsType<ImageRejectedException>(error);
        }
    }

    [Fact]
    public void NoSingleDecodeBufferMayExceedWhatTheLimitNeeds()
    {
        // The backstop for headers that lie in ways the pixel check cannot see (frames, chunks, coefficients).
        var decoder = new RgbImageDecoder(maxMegapixels: 10);

        Assert.Throws<InvalidMemoryOperationException>(() => decoder.Configuration.MemoryAllocator.Allocate<byte>(200 * 1024 * 1024).Dispose());
        decoder.Configuration.MemoryAllocator.Allocate<byte>(60 * 1024 * 1024).Dispose();
    }

    private static ImageRejectedException Rejected(Func<object> action, ImageRejectionReason reason)
    {
        var error = Assert.Throws<ImageRejectedException>(() => action());
        Assert.Equal(reason, error.Reason);
        return error;
    }
}
