using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>The int8 codes the exact search trusts: the fast dot product and the error bound.</summary>
public sealed class Int8QuantizerTests
{
    public static TheoryData<int> Lengths => new() { 32, 512, 768, 100 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void TheFastDotProductEqualsTheScalarOne(int length)
    {
        var random = new Random(length);
        for (var trial = 0; trial < 200; trial++)
        {
            // Trial 0 is the extreme: every product at its largest magnitude.
            var a = trial == 0 ? Enumerable.Repeat((sbyte)-127, length).ToArray() : RandomCodes(random, length);
            var b = trial == 0 ? Enumerable.Repeat((sbyte)-127, length).ToArray() : RandomCodes(random, length);

            Assert.Equal(Int8Quantizer.DotScalar(a, b), Int8Quantizer.Dot(a, b));
        }
    }

    [Fact]
    public void TheBoundHoldsForEveryPairIncludingNearDuplicatesAndSpikyVectors()
    {
        var vectors = new TestVectors(512, seed: 9);
        var random = new Random(9);
        var centre = vectors.NextUnit();
        for (var trial = 0; trial < 2000; trial++)
        {
            var query = trial % 3 == 0 ? vectors.NextNear(centre, 0.001) : vectors.NextUnit();
            var row = trial % 2 == 0 ? vectors.NextNear(centre, 0.01) : vectors.NextUnit();
            if (trial % 5 == 0)
            {
                // CLIP embeddings have a few large dimensions, which coarsen the code step.
                row[random.Next(row.Length)] *= 40;
            }

            var (queryCodes, queryStep, queryResidual, _) = Quantize(query);
            var (rowCodes, rowStep, rowResidual, rowInverseNorm) = Quantize(row);
            var approximate = Int8Quantizer.Dot(queryCodes, rowCodes) * (double)queryStep * rowStep;
            var exact = TestVectors.Cosine(query, row);

            var bound = rowResidual + (queryResidual * (1 + rowResidual));
            Assert.InRange(exact, approximate - bound, approximate + bound);
            Assert.InRange(1 / rowInverseNorm, 0.99 * Math.Sqrt(row.Sum(v => (double)v * v)), 1.01 * Math.Sqrt(row.Sum(v => (double)v * v)));
        }
    }

    private static (sbyte[] Codes, float Step, float Residual, float InverseNorm) Quantize(float[] vector)
    {
        var codes = new sbyte[vector.Length];
        Int8Quantizer.Quantize(vector, codes, out var step, out var residual, out var inverseNorm);
        return (codes, step, residual, inverseNorm);
    }

    private static sbyte[] RandomCodes(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
}
