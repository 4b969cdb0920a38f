using System.Buffers;
using System.Numerics.Tensors;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// Exact top-k by cosine similarity, in two passes that give the same answer as scoring every row in float32:
/// <list type="number">
/// <item>Score every row with its int8 codes (a quarter of the memory traffic) against int16 query codes, with a
/// proven error bound e = r_v + r_q (1 + r_v) + margin, where r_v, r_q are the lengths of the row's and the query's
/// rounding residuals (Cauchy-Schwarz: |q·u - q̃·ũ| ≤ |q||u - ũ| + |q - q̃||ũ|). The k-th best lower bound L is a score at least k
/// rows reach.</item>
/// <item>Score in float32 only the rows whose upper bound reaches L; no other row can be in the top k.</item>
/// </list>
/// The margin covers float32 rounding of the exact pass (at most ~3e-5 for 512 terms of unit vectors).
/// </summary>
internal static class ExactSearcher
{
    /// <summary>Below this many rows one float32 pass is cheaper than two passes.</summary>
    public const int TwoPassMinRows = 4096;

    /// <summary>Rows per thread below which splitting the scan costs more than it saves.</summary>
    public const int RowsPerPartition = 32_768;

    private const float BoundMargin = 1e-4f;

    /// <summary>
    /// The best <paramref name="depth"/> rows of <paramref name="rows"/> (except <paramref name="excludedRow"/>), best
    /// first; equal scores in ascending order of <paramref name="idOf"/> (the row's document id).
    /// </summary>
    public static ScoredRow[] Search<TRows>(
        VectorRows vectors, Func<int, string> idOf, TRows rows, int excludedRow, ReadOnlySpan<float> query, int depth)
        where TRows : struct, IRowSet
    {
        var unitQuery = new float[query.Length];
        TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), unitQuery);
        var blocks = vectors.Blocks();
        return rows.Count < TwoPassMinRows
            ? ScoreExactly(blocks, idOf, rows, excludedRow, unitQuery, depth)
            : ScoreInTwoPasses(blocks, idOf, rows, excludedRow, unitQuery, depth);
    }

    private static ScoredRow[] ScoreExactly<TRows>(
        VectorBlock[] blocks, Func<int, string> idOf, TRows rows, int excludedRow, float[] query, int depth)
        where TRows : struct, IRowSet
    {
        var heap = new TopKHeap(depth, idOf);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows.RowAt(i);
            if (row != excludedRow)
            {
                heap.Offer(CosineOf(blocks, row, query), row);
            }
        }

        return heap.ToSortedDescending();
    }

    private static ScoredRow[] ScoreInTwoPasses<TRows>(
        VectorBlock[] blocks, Func<int, string> idOf, TRows rows, int excludedRow, float[] query, int depth)
        where TRows : struct, IRowSet
    {
        var dimensions = query.Length;
        var queryCodes = new short[dimensions];
        Int8Quantizer.QuantizeQuery(query, queryCodes, out var queryStep, out var queryResidual);

        var partitions = Math.Clamp(rows.Count / RowsPerPartition, 1, Environment.ProcessorCount);
        var lowerBounds = new TopKHeap[partitions];
        var exact = new TopKHeap[partitions];
        var upperBounds = ArrayPool<float>.Shared.Rent(rows.Count);
        try
        {
            Parallel.For(0, partitions, p =>
            {
                var (start, end) = Range(rows.Count, partitions, p);
                lowerBounds[p] = new TopKHeap(depth, idOf);
                for (var i = start; i < end; i++)
                {
                    var row = rows.RowAt(i);
                    if (row == excludedRow)
                    {
                        upperBounds[i] = float.NegativeInfinity;
                        continue;
                    }

                    var block = blocks[row >> VectorRows.BlockShift];
                    var offset = row & VectorRows.RowMask;
                    var approximate = Int8Quantizer.Dot(queryCodes, block.Codes.AsSpan(offset * dimensions, dimensions))
                        * queryStep * block.CodeSteps[offset];
                    var residual = block.CodeResiduals[offset];
                    var bound = residual + (queryResidual * (1 + residual)) + BoundMargin;
                    upperBounds[i] = approximate + bound;
                    lowerBounds[p].Offer(approximate - bound, row);
                }
            });

            var threshold = Merge(lowerBounds, depth, idOf).Threshold;
            Parallel.For(0, partitions, p =>
            {
                var (start, end) = Range(rows.Count, partitions, p);
                exact[p] = new TopKHeap(depth, idOf);
                for (var i = start; i < end; i++)
                {
                    if (upperBounds[i] >= threshold)
                    {
                        var row = rows.RowAt(i);
                        exact[p].Offer(CosineOf(blocks, row, query), row);
                    }
                }
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(upperBounds);
        }

        return Merge(exact, depth, idOf).ToSortedDescending();
    }

    /// <summary>The float32 cosine of a stored row with the unit query: the score every result carries.</summary>
    private static float CosineOf(VectorBlock[] blocks, int row, float[] query)
    {
        var block = blocks[row >> VectorRows.BlockShift];
        var offset = row & VectorRows.RowMask;
        return TensorPrimitives.Dot(query, block.Vectors.AsSpan(offset * query.Length, query.Length)) * block.InverseNorms[offset];
    }

    private static TopKHeap Merge(TopKHeap[] heaps, int depth, Func<int, string> idOf)
    {
        if (heaps.Length == 1)
        {
            return heaps[0];
        }

        var merged = new TopKHeap(depth, idOf);
        foreach (var heap in heaps)
        {
            merged.OfferAll(heap);
        }

        return merged;
    }

    private static (int Start, int End) Range(int count, int partitions, int partition) =>
        ((int)((long)count * partition / partitions), (int)((long)count * (partition + 1) / partitions));
}
