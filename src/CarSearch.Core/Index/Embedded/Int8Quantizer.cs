using System.Buffers;
using System.Numerics.Tensors;
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

    /// <summary>Rounded up, never down: the search's exactness rests on the residual being an upper bound.</summary>
    private const float ResidualPadding = 1 + 1e-5f;

    private const float ResidualFloor = 1e-6f;

    /// <summary>Scratch for up to this many dimensions lives on the stack (2 x 4 KB).</summary>
    private const int StackDimensions = 1024;

    /// <summary>
    /// Writes the codes of <paramref name="vector"/>/|vector| and returns the step (code 1 = step), an upper bound
    /// of the length of (direction - codes * step), and 1/|vector|. Float32 throughout (this runs for every row
    /// loaded, so it is vectorised); its rounding, ~1e-6 at most, is covered by padding the residual and by the
    /// search's margin.
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes, out float step, out float residual, out float inverseNorm)
    {
        var rented = vector.Length > StackDimensions ? ArrayPool<float>.Shared.Rent(2 * vector.Length) : null;
        var scratch = rented is null ? stackalloc float[2 * vector.Length] : rented.AsSpan(0, 2 * vector.Length);
        try
        {
            var direction = scratch[..vector.Length];
            var rounded = scratch[vector.Length..];
            inverseNorm = 1 / TensorPrimitives.Norm(vector);
            TensorPrimitives.Multiply(vector, inverseNorm, direction);
            step = TensorPrimitives.MaxMagnitude(direction) / MaxCode;

            TensorPrimitives.Divide(direction, step, rounded);
            TensorPrimitives.Round(rounded, rounded);
            TensorPrimitives.Clamp(rounded, -MaxCode, MaxCode, rounded);
            TensorPrimitives.ConvertTruncating(rounded, codes);

            // direction - rounded * step, in place: the rounding residual.
            TensorPrimitives.MultiplyAdd(rounded, -step, direction, direction);
            residual = (TensorPrimitives.Norm(direction) * ResidualPadding) + ResidualFloor;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
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
