using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>
/// Measures the Pillow-exact resampler against ImageSharp's own bicubic on the same decoded pixels, both against the
/// reference, in grey levels; ours must never be further from the reference.
/// </summary>
public sealed class ResamplerComparisonTests(ITestOutputHelper output)
{
    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions());

    [Theory]
    [MemberData(nameof(KitImages.UprightData), MemberType = typeof(KitImages))]
    public void PillowExactResamplerIsNeverWorseThanImageSharps(KitImage image)
    {
        var reference = TensorDifference.ToLevels(image.ReadReference());
        var ours = TensorDifference.ToLevels(Preprocessor.Preprocess(image.ReadBytes()).Pixels);
        var theirs = ImageSharpBicubic(image.ReadBytes());

        var (oursMax, oursMean) = TensorDifference.InLevels(ours, reference);
        var (theirsMax, theirsMean) = TensorDifference.InLevels(theirs, reference);
        output.WriteLine(
            $"{image.File,-34} Pillow-exact: max {oursMax,2} mean {oursMean:F4} | ImageSharp Bicubic: max {theirsMax,2} mean {theirsMean:F4} (grey levels)");

        Assert.True(oursMax <= theirsMax, $"max {oursMax} > ImageSharp's {theirsMax}");
        Assert.True(oursMean <= theirsMean, $"mean {oursMean} > ImageSharp's {theirsMean}");
    }

    [Fact]
    public void IdentityResizeCopiesPixels()
    {
        // Same size in both directions: Pillow skips both passes; the window is a plain crop.
        var source = Enumerable.Range(0, 5 * 4 * 3).Select(i => (byte)(i * 7)).ToArray();
        var output = new byte[3 * 2 * 3];

        PilBicubicResampler.ResizeWindow(5, 4, y => source.AsSpan(y * 15, 15), 5, 4, new PixelWindow(1, 1, 3, 2), output);

        Assert.Equal(source.AsSpan(15 + 3, 9).ToArray(), output[..9]);
        Assert.Equal(source.AsSpan(30 + 3, 9).ToArray(), output[9..]);
    }

    [Fact]
    public void FlatImageStaysFlatAtAnyScale()
    {
        // Coefficients are normalised per output pixel, so a constant picture must come out unchanged.
        var source = Enumerable.Repeat((byte)173, 37 * 3).ToArray();
        foreach (var (outWidth, outHeight) in new[] { (224, 2000), (3, 224), (500, 900) })
        {
            var window = new PixelWindow(0, 0, Math.Min(outWidth, 50), Math.Min(outHeight, 50));
            var output = new byte[window.Width * window.Height * 3];

            PilBicubicResampler.ResizeWindow(37, 29, _ => source, outWidth, outHeight, window, output);

            Assert.All(output, value => Assert.Equal(173, value));
        }
    }

    /// <summary>The plain ImageSharp pipeline: same decoder and geometry, ImageSharp's bicubic resize.</summary>
    private static byte[] ImageSharpBicubic(byte[] bytes)
    {
        using var image = Image.Load<Rgb24>(bytes);
        var plan = ClipResizePlan.For(image.Width, image.Height);
        image.Mutate(x => x
            .Resize(plan.ResizedWidth, plan.ResizedHeight, KnownResamplers.Bicubic)
            .Crop(new Rectangle(plan.Crop.Left, plan.Crop.Top, plan.Crop.Width, plan.Crop.Height)));

        var plane = ClipConstants.ImageSize * ClipConstants.ImageSize;
        var levels = new byte[ClipConstants.PixelCount];
        for (var y = 0; y < ClipConstants.ImageSize; y++)
        {
            for (var x = 0; x < ClipConstants.ImageSize; x++)
            {
                var pixel = image[x, y];
                var i = y * ClipConstants.ImageSize + x;
                (levels[i], levels[plane + i], levels[2 * plane + i]) = (pixel.R, pixel.G, pixel.B);
            }
        }

        return levels;
    }
}
