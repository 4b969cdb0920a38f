using CarSearch.Core.Embeddings.Images;
using CarSearch.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>
/// Every row of <see cref="ImageFormats"/> works through the entry points that read it: the preprocessor (detection,
/// decoder configuration, reported name, completeness, rejection wording), byte detection (the type the API serves)
/// and file names (the type <c>carsearch index</c> and the store upload with). A row added to the table and missed by
/// any of them fails here.
/// </summary>
public sealed class ImageFormatTableTests
{
    private const int SampleWidth = 48;
    private const int SampleHeight = 32;

    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions());

    /// <summary>
    /// A file starting with each refused format's signature; a new refused row needs one here, or
    /// <see cref="EveryRefusedFormatIsRecognisedAndRefusedByName"/> fails for it.
    /// </summary>
    private static readonly Dictionary<string, byte[]> RefusedSamples = new(StringComparer.Ordinal)
    {
        ["HEIC"] = HostileInputs.IsoMedia("heic", "mif1", "heic"),
        ["AVIF"] = HostileInputs.IsoMedia("avif", "avif", "mif1", "miaf"),
        ["HEIF"] = HostileInputs.IsoMedia("mif1", "mif1", "miaf"),
        ["JXL"] = [0xFF, 0x0A, 0xFA, 0x7F, .. new byte[200]],
        ["JPEG2000"] = [0, 0, 0, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A, .. new byte[200]],
        ["PSD"] = [.. "8BPS"u8, 0, 1, .. new byte[200]],
    };

    public static TheoryData<string> SupportedNames() => [.. ImageFormats.Supported.Select(format => format.Name)];

    public static TheoryData<string> RefusedNames() => [.. ImageFormats.All.Where(format => !format.IsSupported).Select(format => format.Name)];

    [Theory]
    [MemberData(nameof(SupportedNames))]
    public void EverySupportedFormatDecodesAndReportsItsName(string name)
    {
        var format = ImageFormats.Named(name)!;
        var sample = Sample(format);

        var header = Preprocessor.Preprocess(sample).Header;

        Assert.Equal((format.Name, SampleWidth, SampleHeight), (header.Format, header.Width, header.Height));
        Assert.Same(format, ImageFormats.Detect(sample));
    }

    [Theory]
    [MemberData(nameof(SupportedNames))]
    public void EverySupportedFormatCutShortIsTruncatedNotDecoded(string name)
    {
        var format = ImageFormats.Named(name)!;
        var sample = Sample(format);

        var error = Assert.Throws<ImageRejectedException>(() => Preprocessor.Preprocess(sample.AsMemory(0, sample.Length * 2 / 3)));

        Assert.Equal(ImageRejectionReason.Truncated, error.Reason);
        Assert.StartsWith($"The {format.Name} file is incomplete", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SupportedNames))]
    public void EverySupportedFormatHasFileNamesAndTheTypeImageSharpGivesIt(string name)
    {
        var format = ImageFormats.Named(name)!;

        // The API used to take the served type from ImageSharp's own detection; the table must agree with it.
        Assert.Equal(format.Decoded!.DefaultMimeType, format.ContentType);
        Assert.NotEmpty(format.Extensions);
        Assert.All(format.Extensions, extension =>
        {
            Assert.Equal(format.ContentType, ImageFormats.ContentTypeOfFileName("photos/car" + extension.ToUpperInvariant()));
            Assert.Contains(extension, ImageFormats.FileExtensions);
        });
    }

    [Theory]
    [MemberData(nameof(SupportedNames))]
    public void EverySupportedFormatIsOfferedWhenAFileIsNotAnImage(string name)
    {
        var format = ImageFormats.Named(name)!;

        var error = Assert.Throws<ImageRejectedException>(() => Preprocessor.Preprocess("not an image at all"u8.ToArray()));

        Assert.Equal(ImageRejectionReason.UnknownFormat, error.Reason);
        Assert.Contains(format.DisplayName, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public void EveryRefusedFormatIsRecognisedAndRefusedByName(string name)
    {
        var format = ImageFormats.Named(name)!;
        Assert.True(RefusedSamples.TryGetValue(name, out var sample), $"No sample of {name} in {nameof(RefusedSamples)}.");

        var error = Assert.Throws<ImageRejectedException>(() => Preprocessor.Preprocess(sample));

        Assert.Equal(ImageRejectionReason.UnsupportedFormat, error.Reason);
        Assert.Equal($"{format.DisplayName} images are not supported; upload {ImageFormats.SupportedList}.", error.Message);
        Assert.Same(format, ImageFormats.Detect(sample));
        Assert.StartsWith("image/", format.ContentType, StringComparison.Ordinal);
        Assert.All(format.Extensions, extension => Assert.Equal(format.ContentType, ImageFormats.ContentTypeOfFileName("car" + extension)));
    }

    [Fact]
    public void TheDecoderKnowsTheSupportedFormatsAndNoOthers()
    {
        var decoder = new RgbImageDecoder(maxMegapixels: 10);

        Assert.Equal(
            ImageFormats.Supported.Select(format => format.Decoded!.Name).Order(StringComparer.Ordinal),
            decoder.Configuration.ImageFormats.Select(format => format.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OtherNamesAndBytesAreNoFormat()
    {
        Assert.Null(ImageFormats.Named("TGA"));
        Assert.Null(ImageFormats.Detect("GIF7 is not a signature"u8));
        Assert.Equal(ImageFormats.UnknownContentType, ImageFormats.ContentTypeOfFileName("notes.txt"));
        Assert.Equal(ImageFormats.UnknownContentType, ImageFormats.ContentTypeOfFileName("jpg"));
    }

    /// <summary>A small noisy picture (noise, so the image data outweighs the headers) in <paramref name="format"/>.</summary>
    private static byte[] Sample(ImageFormat format)
    {
        var random = new Random(SampleWidth);
        using var image = new Image<Rgb24>(SampleWidth, SampleHeight);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (ref var pixel in rows.GetRowSpan(y))
                {
                    pixel = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                }
            }
        });

        var encoder = Configuration.Default.ImageFormatsManager.FindEncoder(format.Decoded!);
        Assert.True(encoder is not null, $"ImageSharp has no encoder to make a {format.Name} sample with.");
        using var file = new MemoryStream();
        image.Save(file, encoder);
        return file.ToArray();
    }
}
