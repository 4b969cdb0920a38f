using CarSearch.Core.Embeddings.Images;
using CarSearch.Tests;

namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>
/// What fuzz campaigns found, replayed on the kit's images from the recipe (no file derived from the kit is stored),
/// applied to every kit image of the format so the defect, not one file, is covered.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions());

    [Theory]
    [MemberData(nameof(KitImages.OfFormat), "PNG", MemberType = typeof(KitImages))]
    public void PngMadeInterlacedAndWiderThanItsDataIsCorruptNotAHang(KitImage image)
    {
        // Seeds 100-139, 12 minutes in: "kit/rgba_transparency_400x300.png, seed 120, round 192: set IHDR interlace to
        // 0x1; set IHDR width to 0x7530; recompute PNG chunk CRCs" kept ImageSharp's Adam7 decoder spinning for ever.
        Mutation[] recipe = [new SetField("IHDR interlace", 1), new SetField("IHDR width", 30_000), new FixPngChecksums()];
        var mutant = recipe.Aggregate(image.ReadBytes(), (bytes, mutation) => mutation.Apply(bytes));

        var error = Assert.Throws<ImageRejectedException>(() => BoundedPreprocess.Run(Preprocessor, mutant));

        Assert.Equal(ImageRejectionReason.Corrupt, error.Reason);
    }
}
