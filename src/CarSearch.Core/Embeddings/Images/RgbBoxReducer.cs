using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// Shrinks packed 8-bit RGB by a whole factor, each output pixel the rounded mean of a factor x factor box, as
/// Pillow's <c>Image.reduce</c> does (boxes at the right and bottom edges are cut short and averaged over what they
/// hold). Cheap enough to run on a 12 MP photo before a finer resize to a small size, as Pillow's
/// <c>Image.thumbnail</c> does.
/// </summary>
internal static class RgbBoxReducer
{
    /// <summary>A larger factor would let a column's sum outgrow 16 bits; no thumbnail needs more.</summary>
    public const int MaxFactor = 64;

    private const int Channels = 3;

    /// <summary>The reduced length of <paramref name="size"/> pixels: every pixel lands in a box.</summary>
    public static int ReducedSize(int size, int factor) => (size + factor - 1) / factor;

    /// <summary>
    /// Writes the reduction of a <paramref name="width"/> x <paramref name="height"/> image into
    /// <paramref name="output"/> (packed RGB, <c>ReducedSize(width) * 3</c> bytes a row).
    /// </summary>
    public static void Reduce(int width, int height, RgbRowSource rows, int factor, Span<byte> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(factor, MaxFactor);
        var (outWidth, outHeight) = (ReducedSize(width, factor), ReducedSize(height, factor));
        if (output.Length < outWidth * outHeight * Channels)
        {
            throw new ArgumentException("The output is smaller than the reduced image.", nameof(output));
        }

        var rowBytes = width * Channels;
        var columnSums = ArrayPool<ushort>.Shared.Rent(rowBytes);
        try
        {
            var sums = columnSums.AsSpan(0, rowBytes);
            for (var oy = 0; oy < outHeight; oy++)
            {
                var top = oy * factor;
                var boxHeight = Math.Min(factor, height - top);
                sums.Clear();
                for (var y = top; y < top + boxHeight; y++)
                {
                    AddRow(rows(y)[..rowBytes], sums);
                }

                SumAcross(sums, width, factor, boxHeight, output.Slice(oy * outWidth * Channels, outWidth * Channels));
            }
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(columnSums);
        }
    }

    /// <summary><paramref name="sums"/>[j] += <paramref name="row"/>[j], 32 bytes at a time.</summary>
    private static void AddRow(ReadOnlySpan<byte> row, Span<ushort> sums)
    {
        ref var from = ref MemoryMarshal.GetReference(row);
        ref var to = ref MemoryMarshal.GetReference(sums);
        var j = 0;
        for (; j + Vector256<byte>.Count <= row.Length; j += Vector256<byte>.Count)
        {
            var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref from, (nuint)j));
            (Vector256.LoadUnsafe(ref to, (nuint)j) + lower).StoreUnsafe(ref to, (nuint)j);
            var half = (nuint)(j + Vector256<ushort>.Count);
            (Vector256.LoadUnsafe(ref to, half) + upper).StoreUnsafe(ref to, half);
        }

        for (; j < row.Length; j++)
        {
            sums[j] += row[j];
        }
    }

    /// <summary>Each output pixel of a band: its box's column sums added and divided by the box's pixels, rounded half up.</summary>
    private static void SumAcross(ReadOnlySpan<ushort> sums, int width, int factor, int boxHeight, Span<byte> target)
    {
        for (var ox = 0; ox * factor < width; ox++)
        {
            var left = ox * factor;
            var boxWidth = Math.Min(factor, width - left);
            var pixels = boxWidth * boxHeight;
            int r = 0, g = 0, b = 0;
            var box = sums.Slice(left * Channels, boxWidth * Channels);
            for (var i = 0; i < box.Length; i += Channels)
            {
                r += box[i];
                g += box[i + 1];
                b += box[i + 2];
            }

            var o = ox * Channels;
            target[o] = (byte)((r + (pixels / 2)) / pixels);
            target[o + 1] = (byte)((g + (pixels / 2)) / pixels);
            target[o + 2] = (byte)((b + (pixels / 2)) / pixels);
        }
    }
}
