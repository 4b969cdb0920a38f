using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Tests.Embeddings.Images.Fuzzing;
using CarSearch.Tests;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>
/// Interlaced PNGs decode like plain ones, and the two kinds ImageSharp 2.1's Adam7 decoder would spin on for ever are
/// refused instead. Every input runs with a time limit, so a regression fails here rather than hanging the run.
/// </summary>
public sealed class InterlacedPngTests
{
    private static readonly ImagePreprocessor Preprocessor = new(new ImageOptions());

    [Theory]
    [InlineData(5, 5)]
    [InlineData(37, 23)]
    [InlineData(300, 200)]
    public void InterlacedPngGivesTheSameTensorAsThePlainOne(int width, int height)
    {
        var plain = BoundedPreprocess.Run(Preprocessor, HostileInputs.GreyPng(width, height, interlaced: false));

        var interlaced = BoundedPreprocess.Run(Preprocessor, HostileInputs.GreyPng(width, height, interlaced: true));

        Assert.Equal(plain.Pixels, interlaced.Pixels);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(4, 9)]
    [InlineData(3, 300)]
    public void NarrowInterlacedPngIsUnsupportedNotAHang(int width, int height)
    {
        // Whole files: the decoder starts the pass after an empty one at the wrong row and waits for rows that never come.
        var png = HostileInputs.GreyPng(width, height, interlaced: true);

        var error = Assert.Throws<ImageRejectedException>(() => BoundedPreprocess.Run(Preprocessor, png));

        Assert.Equal(ImageRejectionReason.UnsupportedFormat, error.Reason);
        Assert.Contains("narrower than 5 pixels", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(56)]
    public void InterlacedPngWhoseDataEndsBeforeTheLastPassIsCorruptNotAHang(int keptRows)
    {
        // 40x30 interlaced has 57 filtered rows over its seven passes; the chunks are whole, the data inside is not.
        var png = HostileInputs.GreyPng(40, 30, interlaced: true, keptRows);

        var error = Assert.Throws<ImageRejectedException>(() => BoundedPreprocess.Run(Preprocessor, png));

        Assert.Equal(ImageRejectionReason.Corrupt, error.Reason);
        Assert.Equal("The PNG file is damaged and cannot be decoded.", error.Message);
    }
}
