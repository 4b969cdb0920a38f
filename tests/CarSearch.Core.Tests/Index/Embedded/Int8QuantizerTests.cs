using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>The integer codes the exact search trusts: the fast dot product and the error bound.</summary>
public sealed class Int8QuantizerTests
{
    public static TheoryData<int> Lengths => new() { 32, 512, 768, 100 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void TheFastDotProductEqualsTheScalarOne(int length)
    {
        var random = new Random(length);
        var maxQueryCode = Int8Quantizer.MaxQueryCode(length);
        for (var trial = 0; trial < 200; trial++)
        {
            // Trial 0 is the extreme: every product at its largest magnitude, the sum nearest to overflow.
            var query = trial == 0
                ? Enumerable.Repeat((short)-maxQueryCode, length).ToArray()
                : Enumerable.Range(0, length).Select(_ => (short)random.Next(-maxQueryCode, maxQueryCode + 1)).ToArray();
            var row = trial == 0
                ? Enumerable.Repeat((sbyte)-Int8Quantizer.MaxRowCode, length).ToArray()
                : Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-Int8Quantizer.MaxRowCode, Int8Quantizer.MaxRowCode + 1)).ToArray();

            Assert.Equal(Int8Quantizer.DotScalar(query, row), Int8Quantizer.Dot(query, row));
        }

        Assert.Equal((long)maxQueryCode * Int8Quantizer.MaxRowCode * length, Int8Quantizer.DotScalar(
            Enumerable.Repeat((short)maxQueryCode, length).ToArray(), Enumerable.Repeat((sbyte)Int8Quantizer.MaxRowCode, length).ToArray()));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RowCodesAreTheWholeNumbersTheyCameFromInOrder(int length)
    {
        var random = new Random(length + 1);
        var rounded = Enumerable.Range(0, length).Select(_ => (float)random.Next(-Int8Quantizer.MaxRowCode, Int8Quantizer.MaxRowCode + 1)).ToArray();
        rounded[0] = -Int8Quantizer.MaxRowCode;
        rounded[^1] = Int8Quantizer.MaxRowCode;
        var codes = new sbyte[length];

        Int8Quantizer.ToCodes(rounded, codes);

        Assert.Equal(rounded.Select(value => (sbyte)value), codes);
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

            var queryCodes = new short[query.Length];
            Int8Quantizer.QuantizeQuery(query, queryCodes, out var queryStep, out var queryResidual);
            var rowCodes = new sbyte[row.Length];
            Int8Quantizer.QuantizeRow(row, rowCodes, out var rowStep, out var rowResidual, out var rowInverseNorm);
            var approximate = Int8Quantizer.Dot(queryCodes, rowCodes) * (double)queryStep * rowStep;
            var exact = TestVectors.Cosine(query, row);

            var bound = rowResidual + (queryResidual * (1 + rowResidual));
            Assert.InRange(exact, approximate - bound, approximate + bound);
            Assert.InRange(1 / rowInverseNorm, 0.99 * Math.Sqrt(row.Sum(v => (double)v * v)), 1.01 * Math.Sqrt(row.Sum(v => (double)v * v)));
        }
    }
}
