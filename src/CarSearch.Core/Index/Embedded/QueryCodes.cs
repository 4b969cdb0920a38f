using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The int8 codes of the queries one scan answers together, and the exact dot products of a row's codes with all of
/// them. A scan of a large index is bound by reading the rows (100,000 rows are 51 MB), not by arithmetic: a row read
/// once serves every query in the batch from the cache, so sixteen queries cost about four times one, not sixteen.
/// </summary>
/// <remarks>
/// With AVX-VNNI, <c>vpdpbusd</c> multiplies 32 unsigned bytes by 32 signed bytes and adds them in fours into 32-bit
/// sums, exactly (no saturation). Row codes are signed, so the row is flipped to unsigned once (r + 128, an XOR of the
/// sign bit) and the query's share of the offset, 128 × Σq, is taken off the sum: Σ(r + 128)q − 128Σq = Σrq. Without
/// VNNI both sides are widened to 16 bits for <c>vpmaddwd</c> (the queries once per batch, the row once for four
/// queries); without AVX2 it is one pair at a time.
/// </remarks>
internal sealed class QueryCodes
{
    /// <summary>Queries a VNNI or AVX2 pass takes at once: four 32-bit sums and the row in registers.</summary>
    private const int QueryGroup = 4;

    private const byte SignFlip = 0x80;

    private readonly sbyte[] _codes;
    private readonly int[] _offsets;

    /// <summary>The codes as 16-bit values for <c>vpmaddwd</c>, where AVX2 is (empty otherwise).</summary>
    private readonly short[] _wideCodes;

    /// <summary>Quantises each query (any length; the scan divides by the norm it measures).</summary>
    public QueryCodes(IReadOnlyList<float[]> queries, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(queries);
        Count = queries.Count;
        Dimensions = dimensions;
        _codes = new sbyte[Count * dimensions];
        _offsets = new int[Count];
        Steps = new float[Count];
        Residuals = new float[Count];
        for (var q = 0; q < Count; q++)
        {
            var codes = _codes.AsSpan(q * dimensions, dimensions);
            Int8Quantizer.QuantizeQuery(queries[q], codes, out Steps[q], out Residuals[q]);
            _offsets[q] = SignFlip * Sum(codes);
        }

        _wideCodes = Avx2.IsSupported ? new short[_codes.Length] : [];
        if (_wideCodes.Length > 0)
        {
            TensorPrimitives.ConvertTruncating<sbyte, short>(_codes, _wideCodes);
        }
    }

    public int Count { get; }

    public int Dimensions { get; }

    /// <summary>Each query's code step (code 1 = step).</summary>
    public float[] Steps { get; }

    /// <summary>Each query's rounding residual bound (see <see cref="Int8Quantizer"/>).</summary>
    public float[] Residuals { get; }

    /// <summary>The codes of query <paramref name="query"/>.</summary>
    public ReadOnlySpan<sbyte> Of(int query) => _codes.AsSpan(query * Dimensions, Dimensions);

    /// <summary>
    /// Writes the exact dot product of <paramref name="row"/> with query q's codes into
    /// <c>dots[q * <paramref name="stride"/>]</c>: a stride lets a scan keep each query's dots for many rows together.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Dot(ReadOnlySpan<sbyte> row, Span<int> dots, int stride = 1)
    {
        if (AvxVnni.IsSupported && Dimensions % Vector256<sbyte>.Count == 0)
        {
            DotVnni(row, dots, stride);
        }
        else if (Avx2.IsSupported && Dimensions % Vector256<sbyte>.Count == 0)
        {
            DotAvx2(row, dots, stride);
        }
        else
        {
            DotScalar(row, dots, stride);
        }
    }

    /// <summary>The VNNI path; callers check <see cref="AvxVnni.IsSupported"/> and a length of whole 32-byte vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void DotVnni(ReadOnlySpan<sbyte> row, Span<int> dots, int stride = 1)
    {
        var q = 0;
        for (; q + QueryGroup <= Count; q += QueryGroup)
        {
            DotVnniFour(row, q, dots, stride);
        }

        for (; q < Count; q++)
        {
            var sum = Vector256<int>.Zero;
            var query = Of(q);
            for (var i = 0; i < row.Length; i += Vector256<sbyte>.Count)
            {
                sum = AvxVnni.MultiplyWideningAndAdd(sum, Unsigned(row, i), Vector256.Create(query.Slice(i, Vector256<sbyte>.Count)));
            }

            dots[q * stride] = Vector256.Sum(sum) - _offsets[q];
        }
    }

    /// <summary>
    /// The AVX2 path; callers check <see cref="Avx2.IsSupported"/> and a length of whole 32-byte vectors. The row's codes
    /// are widened to 16 bits once per 16 and serve four queries, whose codes were widened when the batch was made.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void DotAvx2(ReadOnlySpan<sbyte> row, Span<int> dots, int stride = 1)
    {
        if (row.Length != Dimensions || _wideCodes.Length != Count * Dimensions)
        {
            throw new ArgumentException($"The row has {row.Length} codes; this batch's queries have {Dimensions}, widened for AVX2.", nameof(row));
        }

        ref var codes = ref MemoryMarshal.GetReference(row);
        ref var wide = ref MemoryMarshal.GetArrayDataReference(_wideCodes);
        var q = 0;
        for (; q + QueryGroup <= Count; q += QueryGroup)
        {
            ref var w0 = ref Unsafe.Add(ref wide, q * Dimensions);
            ref var w1 = ref Unsafe.Add(ref w0, Dimensions);
            ref var w2 = ref Unsafe.Add(ref w1, Dimensions);
            ref var w3 = ref Unsafe.Add(ref w2, Dimensions);
            Vector256<int> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var i = 0; i < Dimensions; i += Vector256<short>.Count)
            {
                var r = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref codes, (nuint)i));
                s0 += Avx2.MultiplyAddAdjacent(r, Vector256.LoadUnsafe(ref w0, (nuint)i));
                s1 += Avx2.MultiplyAddAdjacent(r, Vector256.LoadUnsafe(ref w1, (nuint)i));
                s2 += Avx2.MultiplyAddAdjacent(r, Vector256.LoadUnsafe(ref w2, (nuint)i));
                s3 += Avx2.MultiplyAddAdjacent(r, Vector256.LoadUnsafe(ref w3, (nuint)i));
            }

            dots[q * stride] = Vector256.Sum(s0);
            dots[(q + 1) * stride] = Vector256.Sum(s1);
            dots[(q + 2) * stride] = Vector256.Sum(s2);
            dots[(q + 3) * stride] = Vector256.Sum(s3);
        }

        for (; q < Count; q++)
        {
            ref var w = ref Unsafe.Add(ref wide, q * Dimensions);
            var sum = Vector256<int>.Zero;
            for (var i = 0; i < Dimensions; i += Vector256<short>.Count)
            {
                sum += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref codes, (nuint)i)), Vector256.LoadUnsafe(ref w, (nuint)i));
            }

            dots[q * stride] = Vector256.Sum(sum);
        }
    }

    /// <summary>The portable path, for any length.</summary>
    internal void DotScalar(ReadOnlySpan<sbyte> row, Span<int> dots, int stride = 1)
    {
        for (var q = 0; q < Count; q++)
        {
            dots[q * stride] = Int8Quantizer.DotScalar(Of(q), row);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DotVnniFour(ReadOnlySpan<sbyte> row, int first, Span<int> dots, int stride)
    {
        var q0 = Of(first);
        var q1 = Of(first + 1);
        var q2 = Of(first + 2);
        var q3 = Of(first + 3);
        Vector256<int> s0 = default, s1 = default, s2 = default, s3 = default;
        for (var i = 0; i < row.Length; i += Vector256<sbyte>.Count)
        {
            var unsigned = Unsigned(row, i);
            s0 = AvxVnni.MultiplyWideningAndAdd(s0, unsigned, Vector256.Create(q0.Slice(i, Vector256<sbyte>.Count)));
            s1 = AvxVnni.MultiplyWideningAndAdd(s1, unsigned, Vector256.Create(q1.Slice(i, Vector256<sbyte>.Count)));
            s2 = AvxVnni.MultiplyWideningAndAdd(s2, unsigned, Vector256.Create(q2.Slice(i, Vector256<sbyte>.Count)));
            s3 = AvxVnni.MultiplyWideningAndAdd(s3, unsigned, Vector256.Create(q3.Slice(i, Vector256<sbyte>.Count)));
        }

        dots[first * stride] = Vector256.Sum(s0) - _offsets[first];
        dots[(first + 1) * stride] = Vector256.Sum(s1) - _offsets[first + 1];
        dots[(first + 2) * stride] = Vector256.Sum(s2) - _offsets[first + 2];
        dots[(first + 3) * stride] = Vector256.Sum(s3) - _offsets[first + 3];
    }

    /// <summary>32 row codes as r + 128, the unsigned operand <c>vpdpbusd</c> wants.</summary>
    private static Vector256<byte> Unsigned(ReadOnlySpan<sbyte> row, int start) =>
        Vector256.Create(row.Slice(start, Vector256<sbyte>.Count)).AsByte() ^ Vector256.Create(SignFlip);

    private static int Sum(ReadOnlySpan<sbyte> codes)
    {
        var sum = 0;
        foreach (var code in codes)
        {
            sum += code;
        }

        return sum;
    }
}
