using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// Integer codes of a vector's direction, with what an exact search needs to trust them: the code step and an
/// upper bound of the rounding residual's length. Rows get int8 codes: a scan reads a quarter of the bytes a float
/// scan reads. Queries get int8 codes too, so that one VNNI instruction multiplies and sums 32 pairs (see
/// <see cref="QueryCodes"/>); their coarser residual only widens the error bound enough to send ~150 instead of ~60
/// rows of 100,000 to the exact float pass.
/// </summary>
internal static class Int8Quantizer
{
    public const int MaxRowCode = sbyte.MaxValue;

    /// <summary>Rounded up, never down: the search's exactness rests on the residual being an upper bound.</summary>
    private const float ResidualPadding = 1 + 1e-5f;

    private const float ResidualFloor = 1e-6f;

    public const int MaxQueryCode = sbyte.MaxValue;

    /// <summary>
    /// Writes the int8 codes of <paramref name="vector"/>/|vector| and returns the step (code 1 = step), an upper
    /// bound of the length of (direction - codes * step), and 1/|vector|.
    /// </summary>
    public static void QuantizeRow(ReadOnlySpan<float> vector, Span<sbyte> codes, out float step, out float residual, out float inverseNorm)
    {
        var rented = Rent(vector.Length, out var rounded, out var direction);
        try
        {
            QuantizeDirection(vector, MaxRowCode, rounded, direction, out step, out residual, out inverseNorm);
            ToCodes(rounded, codes);
        }
        finally
        {
            Return(rented);
        }
    }

    /// <summary>The int8 codes of a query's direction, as <see cref="QuantizeRow"/> does for rows.</summary>
    public static void QuantizeQuery(ReadOnlySpan<float> vector, Span<sbyte> codes, out float step, out float residual)
    {
        var rented = Rent(vector.Length, out var rounded, out var direction);
        try
        {
            QuantizeDirection(vector, MaxQueryCode, rounded, direction, out step, out residual, out _);
            ToCodes(rounded, codes);
        }
        finally
        {
            Return(rented);
        }
    }

    /// <summary>
    /// Codes from whole numbers within ±127 (<see cref="MaxRowCode"/>, <see cref="MaxQueryCode"/>): what <c>TensorPrimitives.ConvertTruncating</c>
    /// gives, eight times faster (it converts float to sbyte one element at a time: 1.3 µs of the 1.8 µs a row took, and
    /// every row of a snapshot is quantised when the index opens).
    /// </summary>
    public static void ToCodes(ReadOnlySpan<float> rounded, Span<sbyte> codes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(codes.Length, rounded.Length);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= rounded.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                var quarter = Vector256<float>.Count;
                var low = Vector256.Narrow(
                    Vector256.ConvertToInt32(Vector256.Create(rounded.Slice(i, quarter))),
                    Vector256.ConvertToInt32(Vector256.Create(rounded.Slice(i + quarter, quarter))));
                var high = Vector256.Narrow(
                    Vector256.ConvertToInt32(Vector256.Create(rounded.Slice(i + (2 * quarter), quarter))),
                    Vector256.ConvertToInt32(Vector256.Create(rounded.Slice(i + (3 * quarter), quarter))));
                Vector256.Narrow(low, high).AsSByte().CopyTo(codes[i..]);
            }
        }

        for (; i < rounded.Length; i++)
        {
            codes[i] = (sbyte)rounded[i];
        }
    }

    /// <summary>The exact integer dot product of query codes and row codes, one pair at a time: the reference.</summary>
    public static int DotScalar(ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> row)
    {
        var sum = 0;
        for (var i = 0; i < row.Length; i++)
        {
            sum += query[i] * row[i];
        }

        return sum;
    }

    /// <summary>
    /// Float32 throughout (this runs for every row loaded, so it is vectorised); its rounding, ~1e-6 at most, is
    /// covered by padding the residual and by the search's margin.
    /// </summary>
    private static void QuantizeDirection(
        ReadOnlySpan<float> vector, int maxCode, Span<float> rounded, Span<float> direction, out float step, out float residual, out float inverseNorm)
    {
        inverseNorm = 1 / TensorPrimitives.Norm(vector);
        TensorPrimitives.Multiply(vector, inverseNorm, direction);
        step = TensorPrimitives.MaxMagnitude(direction) / maxCode;

        TensorPrimitives.Divide(direction, step, rounded);
        TensorPrimitives.Round(rounded, rounded);
        TensorPrimitives.Clamp(rounded, -maxCode, maxCode, rounded);

        // direction - rounded * step, in place: the rounding residual.
        TensorPrimitives.MultiplyAdd(rounded, -step, direction, direction);
        residual = (TensorPrimitives.Norm(direction) * ResidualPadding) + ResidualFloor;
    }

    /// <summary>Pooled scratch: the codes as floats, and the direction.</summary>
    private static float[] Rent(int dimensions, out Span<float> rounded, out Span<float> direction)
    {
        var rented = ArrayPool<float>.Shared.Rent(2 * dimensions);
        rounded = rented.AsSpan(0, dimensions);
        direction = rented.AsSpan(dimensions, dimensions);
        return rented;
    }

    private static void Return(float[] rented) => ArrayPool<float>.Shared.Return(rented);
}
