using CarSearch.Core.Embeddings.Images;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>
/// The vector horizontal pass must give the scalar (Pillow-exact) pass's bytes for every size and window: a photo's
/// tensor is made by the one or the other depending on the CPU.
/// </summary>
public sealed class VectorHorizontalPassTests
{
    public static TheoryData<int, int, int, int> Sizes() => new()
    {
        { 4000, 298, 37, 224 },   // a 12 MP photo's centre crop
        { 3000, 224, 0, 224 },
        { 640, 298, 37, 224 },
        { 500, 280, 28, 224 },
        { 40, 358, 67, 224 },     // upscaled tiny image
        { 1, 5, 0, 5 },
        { 7, 3, 0, 3 },
        { 17, 16, 0, 16 },
        { 33, 1, 0, 1 },
        { 1001, 997, 500, 497 },  // window against the right edge
        { 5555, 224, 0, 1 },      // a single output at the left edge
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void GivesTheScalarPassesBytes(int inWidth, int outWidth, int left, int width)
    {
        Assert.True(VectorHorizontalPass.IsSupported, "This machine has no AVX2, so the vector pass cannot be checked here.");
        var random = new Random(inWidth * 7919 + outWidth);
        var coefficients = PilBicubicResampler.Coefficients.Compute(inWidth, outWidth, left, width);
        var pass = new VectorHorizontalPass(coefficients);
        var scratch = new int[pass.ScratchLength];

        for (var row = 0; row < 20; row++)
        {
            var source = new byte[inWidth * 3];
            random.NextBytes(source);
            if (row % 4 == 0)
            {
                // Extremes: overshoot clamps at both ends where black meets white.
                for (var i = 0; i < source.Length; i++)
                {
                    source[i] = (byte)((i / 3 / (1 + (row / 4))) % 2 == 0 ? 0 : 255);
                }
            }

            var expected = new byte[width * 3];
            var actual = new byte[width * 3];
            PilBicubicResampler.ConvolveRow(source, coefficients, expected);
            pass.Convolve(source, actual, scratch);

            Assert.Equal(expected, actual);
        }
    }
}
