using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CarSearch.Core.Embeddings.Images;

/// <summary>
/// Resizes packed 8-bit RGB exactly as Pillow 9.4's <c>Image.resize(size, BICUBIC)</c> does (libImaging/Resample.c),
/// computing only a window of the resized image (the centre crop), which gives the same bytes as resizing fully and
/// cropping.
/// </summary>
/// <remarks>
/// Our own code rather than ImageSharp's <c>KnownResamplers.Bicubic</c> because exact parity with the reference needs
/// Pillow's arithmetic, which no library reproduces: Keys cubic (a = -0.5) with its support widened by the downscale
/// factor, coefficients normalised in double and then rounded to 22-bit fixed point, a horizontal pass that rounds to
/// 8 bits before the vertical pass, and each pass skipped when its size does not change. Integer sums are exact and
/// associative, so the loop order here may differ from Pillow's and still give identical bytes.
/// </remarks>
internal static class PilBicubicResampler
{
    /// <summary>Pillow's fixed-point precision: 8 bits for the result, 2 for overshoot, within an int.</summary>
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Rounds a fixed-point sum to the nearest: every sum starts here.</summary>
    internal const int Half = 1 << (PrecisionBits - 1);

    /// <summary>Support of Keys' cubic kernel at scale 1.</summary>
    private const double BicubicSupport = 2.0;

    private const int Channels = 3;

    /// <summary>
    /// Writes the window <paramref name="window"/> of the <paramref name="outWidth"/> x <paramref name="outHeight"/>
    /// resize of a <paramref name="inWidth"/> x <paramref name="inHeight"/> image into <paramref name="output"/>
    /// (packed RGB, <c>window.Width * 3</c> bytes a row).
    /// </summary>
    public static void ResizeWindow(
        int inWidth, int inHeight, RgbRowSource rows, int outWidth, int outHeight, PixelWindow window, Span<byte> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inHeight, 1);
        if (window.Left < 0 || window.Top < 0 || window.Width < 1 || window.Height < 1 ||
            window.Left + window.Width > outWidth || window.Top + window.Height > outHeight)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must lie inside the resized image.");
        }

        var rowBytes = window.Width * Channels;
        if (output.Length < rowBytes * window.Height)
        {
            throw new ArgumentException("The output is smaller than the window.", nameof(output));
        }

        // Pillow skips a pass whose size is unchanged (its box is always the whole image here).
        var horizontal = outWidth != inWidth ? Coefficients.Compute(inWidth, outWidth, window.Left, window.Width) : null;
        var vertical = outHeight != inHeight ? Coefficients.Compute(inHeight, outHeight, window.Top, window.Height) : null;

        // Source rows the vertical pass reads; only these go through the horizontal pass, as in Pillow.
        var firstRow = vertical?.Start(0) ?? window.Top;
        var endRow = vertical is null ? window.Top + window.Height : vertical.Start(window.Height - 1) + vertical.Count(window.Height - 1);

        var tempLength = (endRow - firstRow) * rowBytes;
        var temp = System.Buffers.ArrayPool<byte>.Shared.Rent(tempLength);
        var vectorPass = horizontal is not null && VectorHorizontalPass.IsSupported ? new VectorHorizontalPass(horizontal) : null;
        var scratch = vectorPass is null ? [] : System.Buffers.ArrayPool<int>.Shared.Rent(vectorPass.ScratchLength);
        try
        {
            for (var y = firstRow; y < endRow; y++)
            {
                var source = rows(y);
                var target = temp.AsSpan((y - firstRow) * rowBytes, rowBytes);
                if (horizontal is null)
                {
                    source.Slice(window.Left * Channels, rowBytes).CopyTo(target);
                }
                else if (vectorPass is not null)
                {
                    vectorPass.Convolve(source, target, scratch);
                }
                else
                {
                    ConvolveRow(source, horizontal, target);
                }
            }

            if (vertical is null)
            {
                temp.AsSpan((window.Top - firstRow) * rowBytes, rowBytes * window.Height).CopyTo(output);
            }
            else
            {
                ConvolveColumns(temp.AsSpan(0, tempLength), firstRow, rowBytes, vertical, output);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(temp);
            if (vectorPass is not null)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>The horizontal pass one tap at a time: where AVX2 is missing, and what <see cref="VectorHorizontalPass"/> is tested against.</summary>
    internal static void ConvolveRow(ReadOnlySpan<byte> source, Coefficients coefficients, Span<byte> target)
    {
        for (var xx = 0; xx < coefficients.OutputCount; xx++)
        {
            // The slices check the bounds once per output pixel; the tap loop then runs on refs without checks.
            var weights = coefficients.Weights(xx);
            var pixels = source.Slice(coefficients.Start(xx) * Channels, weights.Length * Channels);
            ref var pixel = ref MemoryMarshal.GetReference(pixels);
            ref var weight = ref MemoryMarshal.GetReference(weights);
            int r = Half, g = Half, b = Half;
            for (var i = 0; i < weights.Length; i++)
            {
                var w = Unsafe.Add(ref weight, i);
                ref var p = ref Unsafe.Add(ref pixel, i * Channels);
                r += p * w;
                g += Unsafe.Add(ref p, 1) * w;
                b += Unsafe.Add(ref p, 2) * w;
            }

            var o = xx * Channels;
            target[o] = Clip8(r);
            target[o + 1] = Clip8(g);
            target[o + 2] = Clip8(b);
        }
    }

    private static void ConvolveColumns(
        ReadOnlySpan<byte> temp, int firstRow, int rowBytes, Coefficients coefficients, Span<byte> output)
    {
        var sums = System.Buffers.ArrayPool<int>.Shared.Rent(rowBytes);
        try
        {
            var acc = sums.AsSpan(0, rowBytes);
            for (var yy = 0; yy < coefficients.OutputCount; yy++)
            {
                acc.Fill(Half);
                var weights = coefficients.Weights(yy);
                var start = coefficients.Start(yy) - firstRow;
                for (var i = 0; i < weights.Length; i++)
                {
                    MultiplyAdd(temp.Slice((start + i) * rowBytes, rowBytes), weights[i], acc);
                }

                var target = output.Slice(yy * rowBytes, rowBytes);
                for (var j = 0; j < acc.Length; j++)
                {
                    target[j] = Clip8(acc[j]);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(sums);
        }
    }

    /// <summary><paramref name="acc"/>[j] += <paramref name="row"/>[j] * <paramref name="weight"/>, a vector at a time.</summary>
    private static void MultiplyAdd(ReadOnlySpan<byte> row, int weight, Span<int> acc)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<int>(weight);
            var ints = Vector<int>.Count;
            for (; j <= row.Length - Vector<byte>.Count; j += Vector<byte>.Count)
            {
                // Bytes widen to non-negative ints, so the products and sums are exactly the scalar ones.
                Vector.Widen(new Vector<byte>(row[j..]), out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                var target = acc[j..];
                (new Vector<int>(target) + Vector.AsVectorInt32(a) * w).CopyTo(target);
                (new Vector<int>(target[ints..]) + Vector.AsVectorInt32(b) * w).CopyTo(target[ints..]);
                (new Vector<int>(target[(2 * ints)..]) + Vector.AsVectorInt32(c) * w).CopyTo(target[(2 * ints)..]);
                (new Vector<int>(target[(3 * ints)..]) + Vector.AsVectorInt32(d) * w).CopyTo(target[(3 * ints)..]);
            }
        }

        for (; j < row.Length; j++)
        {
            acc[j] += row[j] * weight;
        }
    }

    /// <summary>Pillow's <c>clip8</c>: drop the fraction, clamp to a byte.</summary>
    internal static byte Clip8(int sum)
    {
        var v = sum >> PrecisionBits;
        return (byte)(v < 0 ? 0 : v > 255 ? 255 : v);
    }

    /// <summary>Keys' cubic convolution kernel with a = -0.5, written as in Pillow so doubles round alike.</summary>
    private static double Bicubic(double x)
    {
        const double a = -0.5;
        if (x < 0.0)
        {
            x = -x;
        }

        if (x < 1.0)
        {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }

        if (x < 2.0)
        {
            return (((x - 5) * x + 8) * x - 4) * a;
        }

        return 0.0;
    }

    /// <summary>Pillow's fixed-point filter taps for a run of output positions along one axis.</summary>
    internal sealed class Coefficients
    {
        private readonly int[] _bounds;
        private readonly int[] _weights;
        private readonly int _kernelSize;

        private Coefficients(int outputCount, int kernelSize)
        {
            OutputCount = outputCount;
            _kernelSize = kernelSize;
            _bounds = new int[outputCount * 2];
            _weights = new int[outputCount * kernelSize];
        }

        public int OutputCount { get; }

        public int Start(int index) => _bounds[index * 2];

        public int Count(int index) => _bounds[index * 2 + 1];

        public ReadOnlySpan<int> Weights(int index) => _weights.AsSpan(index * _kernelSize, Count(index));

        /// <summary>
        /// Pillow's <c>precompute_coeffs</c> + <c>normalize_coeffs_8bpc</c> for outputs
        /// <paramref name="first"/>..<paramref name="first"/>+<paramref name="count"/>-1 of an
        /// <paramref name="inSize"/> to <paramref name="outSize"/> resize.
        /// </summary>
        public static Coefficients Compute(int inSize, int outSize, int first, int count)
        {
            // Pillow passes the box as floats: (double)(in1 - in0) with in0 = 0.
            var scale = (double)(float)inSize / outSize;
            var filterScale = scale < 1.0 ? 1.0 : scale;
            var support = BicubicSupport * filterScale;
            var kernelSize = (int)Math.Ceiling(support) * 2 + 1;
            var result = new Coefficients(count, kernelSize);
            var k = kernelSize <= 256 ? stackalloc double[kernelSize] : new double[kernelSize];

            for (var i = 0; i < count; i++)
            {
                var xx = first + i;
                var center = (xx + 0.5) * scale;
                var ss = 1.0 / filterScale;
                var xmin = (int)(center - support + 0.5);
                if (xmin < 0)
                {
                    xmin = 0;
                }

                var xmax = (int)(center + support + 0.5);
                if (xmax > inSize)
                {
                    xmax = inSize;
                }

                xmax -= xmin;
                var ww = 0.0;
                for (var x = 0; x < xmax; x++)
                {
                    var w = Bicubic((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }

                var weights = result._weights.AsSpan(i * kernelSize, kernelSize);
                for (var x = 0; x < xmax; x++)
                {
                    var normalised = ww != 0.0 ? k[x] / ww : k[x];
                    weights[x] = normalised < 0
                        ? (int)(-0.5 + normalised * (1 << PrecisionBits))
                        : (int)(0.5 + normalised * (1 << PrecisionBits));
                }

                result._bounds[i * 2] = xmin;
                result._bounds[i * 2 + 1] = xmax;
            }

            return result;
        }
    }
}
