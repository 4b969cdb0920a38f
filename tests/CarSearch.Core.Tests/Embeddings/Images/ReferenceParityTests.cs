using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Tests;
using Xunit.Abstractions;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>Our tensors against the kit's reference tensors (Pillow 9.4), image by image.</summary>
public sealed class ReferenceParityTests(ITestOutputHelper output)
{
    /// <summary>Mean absolute difference allowed, in normalised units (about 0.7 grey levels).</summary>
    private const double MeanTolerance = 0.01;

    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions());

    [Theory]
    [MemberData(nameof(KitImages.UprightData), MemberType = typeof(KitImages))]
    public void MatchesTheReferenceTensor(KitImage image)
    {
        var result = Preprocessor.Preprocess(image.ReadBytes());
        var reference = image.ReadReference();

        var mean = TensorDifference.MeanAbsolute(result.Pixels, reference);
        var (maxLevels, meanLevels) = TensorDifference.InLevels(TensorDifference.ToLevels(result.Pixels), TensorDifference.ToLevels(reference));
        output.WriteLine($"{image.File}: mean {mean:E2} normalised; {maxLevels} levels max, {meanLevels:F4} levels mean");

        Assert.True(mean <= MeanTolerance, $"{image.File}: mean absolute difference {mean} > {MeanTolerance}.");
    }

    [Theory]
    [MemberData(nameof(KitImages.LosslessUprightData), MemberType = typeof(KitImages))]
    public void IsBitExactWhereTheDecodersAgree(KitImage image)
    {
        // Lossless formats decode to the same bytes in every decoder, so the rest of the pipeline (conversion,
        // resampling, crop, normalisation) must reproduce the reference exactly. Lossy decoders (JPEG's IDCT and
        // chroma upsampling, lossy WebP) legitimately differ and are held to the tolerance above instead.
        var result = Preprocessor.Preprocess(image.ReadBytes());

        Assert.Equal(image.ReadReference(), result.Pixels);
    }

    [Theory]
    [MemberData(nameof(KitImages.AllData), MemberType = typeof(KitImages))]
    public void HeaderReportsTheFormatAndDisplayedSize(KitImage image)
    {
        var header = Preprocessor.Identify(image.ReadBytes());

        Assert.Equal(image.Format, header.Format);
        Assert.Equal(image.ExifOrientation(), header.Orientation);
        var (width, height) = header.SwapsAxes ? (image.Height, image.Width) : (image.Width, image.Height);
        Assert.Equal((width, height), (header.Width, header.Height));
    }

    [Theory]
    [MemberData(nameof(KitImages.AllData), MemberType = typeof(KitImages))]
    public void ResizeAndCropFollowTheReferenceGeometry(KitImage image)
    {
        var plan = ClipResizePlan.For(image.Width, image.Height);

        Assert.Equal(image.ResizedTo, new[] { plan.ResizedWidth, plan.ResizedHeight });
        Assert.Equal(image.CropLeftTop, new[] { plan.Crop.Left, plan.Crop.Top });
        Assert.Equal(ClipConstants.ImageSize, plan.Crop.Width);
        Assert.Equal(ClipConstants.ImageSize, plan.Crop.Height);
    }
}
