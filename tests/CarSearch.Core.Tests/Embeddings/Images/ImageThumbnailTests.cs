using CarSearch.Core.Embeddings.Images;
using CarSearch.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

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
    [InlineData(4000, 3000)]
    [InlineData(1001, 2999)]
    [InlineData(640, 480)]
    public void TheThumbnailLooksLikeThePhoto(int width, int height)
    {
        // Coloured bands and a gradient: a thumbnail shifted, mirrored, dimmed or smeared reads tens of levels off. JPEG
        // alone costs up to ~3 levels here (ImageSharp's own resize, encoded the same way, read 3.07 at 1001 x 2999).
        using var photo = new Image<Rgb24>(width, height);
        photo.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var band = x * 5 / width;
                    row[x] = new Rgb24((byte)(band * 60), (byte)(y * 255 / height), (byte)(band % 2 == 0 ? 220 : 30));
                }
            }
        });

        var thumbnail = ImageThumbnail.From(photo);

        using var decoded = Image.Load<Rgb24>(thumbnail.Content.Span);
        using var expected = photo.Clone(x => x.Resize(decoded.Width, decoded.Height, KnownResamplers.Bicubic));
        long total = 0;
        for (var y = 0; y < decoded.Height; y++)
        {
            for (var x = 0; x < decoded.Width; x++)
            {
                var (a, b) = (decoded[x, y], expected[x, y]);
                total += Math.Abs(a.R - b.R) + Math.Abs(a.G - b.G) + Math.Abs(a.B - b.B);
            }
        }

        var mean = (double)total / (decoded.Width * decoded.Height * 3);
        Assert.True(mean < 4, $"The thumbnail differs from ImageSharp's bicubic resize by {mean:F2} grey levels on average.");
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
