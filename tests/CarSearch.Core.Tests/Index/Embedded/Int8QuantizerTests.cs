using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>The integer codes the exact search trusts: the fast dot product and the error bound.</summary>
public sealed class Int8QuantizerTests
{
    public static TheoryData<int> Lengths => new() { 32, 512, 768, 100 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EveryDotProductPathEqualsTheScalarOneForEveryQueryOfABatch(int length)
    {
        var random = new Random(length);
        foreach (var count in new[] { 1, 3, 4, 9 })
        {
            // Query 0 is the extreme: every product at its largest magnitude, the sum furthest from zero.
            var queries = Enumerable.Range(0, count).Select(q => q == 0
                ? Enumerable.Repeat(-Int8Quantizer.MaxQueryCode, length).Select(code => (float)code).ToArray()
                : Enumerable.Range(0, length).Select(_ => (float)random.Next(-Int8Quantizer.MaxQueryCode, Int8Quantizer.MaxQueryCode + 1)).ToArray()).ToList();
            var codes = new QueryCodes(queries, length);
            for (var trial = 0; trial < 100; trial++)
            {
                var row = trial == 0
                    ? Enumerable.Repeat((sbyte)Int8Quantizer.MaxRowCode, length).ToArray()
                    : Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-Int8Quantizer.MaxRowCode, Int8Quantizer.MaxRowCode + 1)).ToArray();
                var expected = Enumerable.Range(0, count).Select(q => Int8Quantizer.DotScalar(codes.Of(q), row)).ToArray();

                foreach (var (path, dot) in DotPaths(codes))
                {
                    // Side by side, and strided as a scan lays out many rows' dots (query q's at q * stride).
                    foreach (var stride in new[] { 1, 3 })
                    {
                        var dots = new int[count * stride];
                        dot(row, dots, stride);
                        Assert.True(
                            expected.SequenceEqual(dots.Where((_, i) => i % stride == 0)),
                            $"The {path} path differs with {count} queries of length {length}, stride {stride}.");
                    }
                }
            }
        }

        // Query 0 did reach the extreme: every code at full magnitude (its sign may sit in the step, which
        // MaxMagnitude takes with the sign of the largest component).
        var extreme = new QueryCodes([Enumerable.Repeat(-1f, length).ToArray()], length);
        Assert.All(extreme.Of(0).ToArray(), code => Assert.Equal(Int8Quantizer.MaxQueryCode, Math.Abs(code)));
    }

    /// <summary>
    /// The dispatching entry point and every hardware path this machine has (a path the processor lacks cannot run
    /// here; the dispatcher never picks it either). CI's machines have AVX2 and AVX-VNNI.
    /// </summary>
    private static IEnumerable<(string Path, QueryCodesDot Dot)> DotPaths(QueryCodes codes)
    {
        yield return ("dispatched", codes.Dot);
        yield return ("scalar", codes.DotScalar);
        if (codes.Dimensions % 32 == 0 && System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            yield return ("AVX2", codes.DotAvx2);
        }

        if (codes.Dimensions % 32 == 0 && System.Runtime.Intrinsics.X86.AvxVnni.IsSupported)
        {
            yield return ("AVX-VNNI", codes.DotVnni);
        }
    }

    private delegate void QueryCodesDot(ReadOnlySpan<sbyte> row, Span<int> dots, int stride);

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

            var queryCodes = new QueryCodes([query], query.Length);
            var rowCodes = new sbyte[row.Length];
            Int8Quantizer.QuantizeRow(row, rowCodes, out var rowStep, out var rowResidual, out var rowInverseNorm);
            var dot = new int[1];
            queryCodes.Dot(rowCodes, dot);
            var approximate = dot[0] * (double)queryCodes.Steps[0] * rowStep;
            var exact = TestVectors.Cosine(query, row);

            var bound = rowResidual + (queryCodes.Residuals[0] * (1 + rowResidual));
            Assert.InRange(exact, approximate - bound, approximate + bound);
            Assert.InRange(1 / rowInverseNorm, 0.99 * Math.Sqrt(row.Sum(v => (double)v * v)), 1.01 * Math.Sqrt(row.Sum(v => (double)v * v)));
        }
    }
}
