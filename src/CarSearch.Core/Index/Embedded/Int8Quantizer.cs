using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// Scalar int8 codes of a vector's direction, with what an exact search needs to trust them: the code step and
/// an upper bound of the rounding residual's length. A code dot product reads a quarter of the bytes a float dot
/// product reads, which is what a scan of a large index is limited by (memory bandwidth).
/// </summary>
internal static class Int8Quantizer
{
    public const int MaxCode = sbyte.MaxValue;

    /// <summary>
    /// Writes the codes of <paramref name="vector"/>/|vector| and returns the step (code 1 = step), the length of
    /// (direction - codes * step) rounded up, and 1/|vector|. Sums run in float64 so the bound holds.
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes, out float step, out float residual, out float inverseNorm)
    {
        double squares = 0;
        double maxAbs = 0;
        foreach (var value in vector)
        {
            squares += (double)value * value;
            maxAbs = Math.Max(maxAbs, Math.Abs(value));
        }

        var norm = Math.Sqrt(squares);
        step = (float)(maxAbs / norm / MaxCode);
        double residualSquares = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            var direction = vector[i] / norm;
            var code = Math.Clamp((int)Math.Round(direction / step), -MaxCode, MaxCode);
            codes[i] = (sbyte)code;
            var error = direction - (code * (double)step);
            residualSquares += error * error;
        }

        // Rounded up, never down: the search's exactness rests on this being an upper bound.
        residual = (float)((Math.Sqrt(residualSquares) * (1 + 1e-6)) + 1e-9);
        inverseNorm = (float)(1 / norm);
    }

    /// <summary>The exact integer dot product of two code vectors (|sum| &lt; 2^31 for any dimension below 130k).</summary>
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        if (!Avx2.IsSupported || a.Length % Vector256<sbyte>.Count != 0)
        {
            return DotScalar(a, b);
        }

        // Widen to 16 bits and let vpmaddwd multiply and add pairs into 32 bits: exact, no saturation.
        var sum = Vector256<int>.Zero;
        for (var i = 0; i < a.Length; i += Vector256<sbyte>.Count)
        {
            var (aLow, aHigh) = Vector256.Widen(Vector256.Create(a.Slice(i, Vector256<sbyte>.Count)));
            var (bLow, bHigh) = Vector256.Widen(Vector256.Create(b.Slice(i, Vector256<sbyte>.Count)));
            sum += Avx2.MultiplyAddAdjacent(aLow, bLow) + Avx2.MultiplyAddAdjacent(aHigh, bHigh);
        }

        return Vector256.Sum(sum);
    }

    /// <summary>The portable path for machines without AVX2, and the reference the fast path is tested against.</summary>
    public static int DotScalar(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
