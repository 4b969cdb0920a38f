using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Tests;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>The ways callers use one shared preprocessor: streams, batch buffers, many threads at once.</summary>
public sealed class PreprocessorUsageTests
{
    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions());

    [Fact]
    public void ManyThreadsGetTheSameResultsAsOne()
    {
        var images = KitImages.All.Select(image => image.ReadBytes()).ToArray();
        var expected = images.Select(bytes => Preprocessor.Preprocess(bytes).Pixels).ToArray();
        const int rounds = 6;
        var actual = new float[images.Length * rounds][];

        Parallel.For(0, actual.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            actual[i] = Preprocessor.Preprocess(images[i % images.Length]).Pixels);

        for (var i = 0; i < actual.Length; i++)
        {
            Assert.Equal(expected[i % images.Length], actual[i]);
        }
    }

    [Fact]
    public void FillsSlotsOfABatchBuffer()
    {
        var first = KitImages.All[0].ReadBytes();
        var second = KitImages.All[^1].ReadBytes();
        var batch = new float[2 * ClipConstants.PixelCount];

        var header = Preprocessor.Preprocess(second, batch.AsSpan(ClipConstants.PixelCount));
        Preprocessor.Preprocess(first, batch.AsSpan(0, ClipConstants.PixelCount));

        Assert.Equal(KitImages.All[^1].Width, header.Width);
        Assert.Equal(Preprocessor.Preprocess(first).Pixels, batch[..ClipConstants.PixelCount]);
        Assert.Equal(Preprocessor.Preprocess(second).Pixels, batch[ClipConstants.PixelCount..]);
    }

    [Theory]
    [InlineData(3, 30_000)]
    [InlineData(9_000, 1)]
    public void VeryElongatedImagesWithinTheLimitsWork(int width, int height)
    {
        // The resized long side runs into the millions; only the centre window is computed.
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(width, height, new SixLabors.ImageSharp.PixelFormats.Rgb24(10, 200, 90));
        using var png = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, png);

        var pixels = Preprocessor.Preprocess(png.ToArray()).Pixels;

        Assert.All(pixels.Take(10), value => Assert.Equal(TensorDifference.Normalised(10, 0), value));
        Assert.Equal(TensorDifference.Normalised(90, 2), pixels[^1]);
    }

    [Fact]
    public void RefusesABufferTooSmallForOneImage()
    {
        var bytes = KitImages.All[0].ReadBytes();

        Assert.Throws<ArgumentException>(() => Preprocessor.Preprocess(bytes, new float[ClipConstants.PixelCount - 1]));
    }

    [Theory]
    [MemberData(nameof(KitImages.AllData), MemberType = typeof(KitImages))]
    public void ReadsStreamsLikeBytes(KitImage image)
    {
        var expected = Preprocessor.Preprocess(image.ReadBytes());

        using var file = File.OpenRead(image.Path);
        var fromFile = Preprocessor.Preprocess(file);

        // A memory stream positioned past a prefix: only the rest is the image.
        using var memory = new MemoryStream();
        memory.Write([1, 2, 3]);
        memory.Write(image.ReadBytes());
        memory.Position = 3;
        var fromMemory = Preprocessor.Preprocess(memory);

        Assert.Equal(expected, fromFile with { Pixels = expected.Pixels }); // same header
        Assert.Equal(expected.Pixels, fromFile.Pixels);
        Assert.Equal(expected.Pixels, fromMemory.Pixels);
        using var again = File.OpenRead(image.Path);
        Assert.Equal(expected.Header, Preprocessor.Identify(again));
    }
}
