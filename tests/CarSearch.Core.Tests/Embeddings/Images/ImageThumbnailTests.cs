using CarSearch.Core.Embeddings.Images;
using CarSearch.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>The thumbnail made from the embedding's own decode: small, upright, never enlarged, and harmless to the tensor.</summary>
public sealed class ImageThumbnailTests
{
    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions());

    [Theory]
    [MemberData(nameof(KitImages.AllData), MemberType = typeof(KitImages))]
    public void MakingTheThumbnailLeavesTheTensorExactlyAsWithout(KitImage image)
    {
        var bytes = image.ReadBytes();

        var with = Preprocessor.PreprocessWithThumbnail(bytes);

        Assert.Equal(Preprocessor.Preprocess(bytes).Pixels, with.Pixels);
        Assert.NotNull(with.Thumbnail);
        Assert.Null(with.ThumbnailFailure);
    }

    [Theory]
    [MemberData(nameof(KitImages.AllData), MemberType = typeof(KitImages))]
    public void TheThumbnailIsAnUprightJpegWithTheLongestSideAtMost384(KitImage image)
    {
        var bytes = image.ReadBytes();
        var header = Preprocessor.Identify(bytes);

        var thumbnail = Preprocessor.PreprocessWithThumbnail(bytes).Thumbnail!;

        using var decoded = Image.Load<Rgb24>(thumbnail.Content.Span);
        Assert.Equal("JPEG", ImageFormats.Detect(thumbnail.Content.Span)?.Name);
        Assert.Equal((thumbnail.Width, thumbnail.Height), (decoded.Width, decoded.Height));
        Assert.Equal(ImageThumbnail.SizeFor(header.Width, header.Height), (decoded.Width, decoded.Height));
        Assert.Equal(thumbnail.Content.ToArray(), Preprocessor.Thumbnail(bytes).Content.ToArray());
    }

    [Theory]
    [InlineData(4000, 3000, 384, 288)]
    [InlineData(3000, 4000, 288, 384)]
    [InlineData(3000, 2000, 384, 256)]
    [InlineData(640, 480, 384, 288)]
    [InlineData(385, 100, 384, 100)]
    [InlineData(384, 384, 384, 384)]
    [InlineData(231, 224, 231, 224)]
    [InlineData(40, 25, 40, 25)]
    [InlineData(10000, 1, 384, 1)]
    public void TheSizeShrinksTheLongestSideTo384KeepingTheAspectAndNeverGrows(int width, int height, int expectedWidth, int expectedHeight) =>
        Assert.Equal((expectedWidth, expectedHeight), ImageThumbnail.SizeFor(width, height));
}
