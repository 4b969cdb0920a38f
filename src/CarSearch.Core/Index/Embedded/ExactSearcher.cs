using System.Buffers;
using System.Numerics.Tensors;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// Exact top-k by cosine similarity, in <see cref="SearchOrder"/>, among the rows that rank after a continuation key
/// (all rows on a first page), in two passes that give the same answer as scoring every row in float32:
/// <list type="number">
/// <item>Score every row with its int8 codes (a quarter of the memory traffic) against int16 query codes, with a
/// proven error bound e = r_v + r_q (1 + r_v) + margin, where r_v, r_q are the lengths of the row's and the query's
/// rounding residuals (Cauchy-Schwarz: |q·u - q̃·ũ| ≤ |q||u - ũ| + |q - q̃||ũ|), so the float32 score s lies in
/// [lower, upper] = [a - e, a + e]. Against the key score K: lower &gt; K means s &gt; K, the row ranks before the key
/// and is skipped; upper &lt; K means s &lt; K, the row certainly ranks after it, and only such rows offer their lower
/// bound. The k-th best of those lower bounds, L, is a score at least k eligible rows reach (L = -∞ when fewer
/// than k rows are certainly eligible).</item>
/// <item>Score in float32 every row not skipped whose upper bound reaches L, and keep those the exact predicate
/// (s &lt; K, or s = K and an id after the key's) admits. An eligible row whose upper bound is below L scores below k
/// eligible rows, so it cannot be in the top k; every other eligible row is scored.</item>
/// </list>
/// The margin covers float32 rounding of the exact pass (at most ~3e-5 for 512 terms of unit vectors). A row's
/// float32 score is the same in every search of the same query (same operations in the same order wherever the
/// row sits), which is what lets a page compare it with the key score exactly.
/// </summary>
internal static class ExactSearcher
{
    /// <summary>Below this many rows one float32 pass is cheaper than two passes.</summary>
    public const int TwoPassMinRows = 4096;

    /// <summary>Rows per thread below which splitting the scan costs more than it saves.</summary>
    public const int RowsPerPartition = 32_768;

    private const float BoundMargin = 1e-4f;

    /// <summary>The upper bound of a row the exact pass must not score: NaN reaches no threshold, not even -∞.</summary>
    private const float Skipped = float.NaN;

    /// <summary>
    /// The best <paramref name="depth"/> rows of <paramref name="rows"/> (except <paramref name="excludedRows"/>) that
    /// rank after <paramref name="after"/> (every row when null), best first; equal scores in ascending order of
    /// <paramref name="idOf"/> (the row's document id).
    /// </summary>
    public static ScoredRow[] Search<TRows>(
        VectorRows vectors,
        Func<int, string> idOf,
        TRows rows,
        int[] excludedRows,
        ReadOnlySpan<float> query,
        int depth,
        ContinuationKey? after = null)
        where TRows : struct, IRowSet
    {
        var unitQuery = new float[query.Length];
        TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), unitQuery);
        var blocks = vectors.Blocks();
        var key = new Key(after, idOf);
        return rows.Count < TwoPassMinRows
            ? ScoreExactly(blocks, key, rows, excludedRows, unitQuery, depth)
            : ScoreInTwoPasses(blocks, key, rows, excludedRows, unitQuery, depth);
    }

    private static ScoredRow[] ScoreExactly<TRows>(VectorBlock[] blocks, Key key, TRows rows, int[] excludedRows, float[] query, int depth)
        where TRows : struct, IRowSet
    {
        var heap = new TopKHeap(depth, key.IdOf);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows.RowAt(i);
            if (!IsExcluded(excludedRows, row))
            {
                var score = CosineOf(blocks, row, query);
                if (key.IsFollowedBy(score, row))
                {
                    heap.Offer(score, row);
                }
            }
        }

        return heap.ToSortedDescending();
    }

    private static ScoredRow[] ScoreInTwoPasses<TRows>(VectorBlock[] blocks, Key key, TRows rows, int[] excludedRows, float[] query, int depth)
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
                lowerBounds[p] = new TopKHeap(depth, key.IdOf);
                for (var i = start; i < end; i++)
                {
                    var row = rows.RowAt(i);
                    if (IsExcluded(excludedRows, row))
                    {
                        upperBounds[i] = Skipped;
                        continue;
                    }

                    var block = blocks[row >> VectorRows.BlockShift];
                    var offset = row & VectorRows.RowMask;
                    var approximate = Int8Quantizer.Dot(queryCodes, block.Codes.AsSpan(offset * dimensions, dimensions))
                        * queryStep * block.CodeSteps[offset];
                    var residual = block.CodeResiduals[offset];
                    var bound = residual + (queryResidual * (1 + residual)) + BoundMargin;
                    var lower = approximate - bound;
                    var upper = approximate + bound;
                    upperBounds[i] = lower > key.Score ? Skipped : upper;
                    if (upper < key.Score)
                    {
                        lowerBounds[p].Offer(lower, row);
                    }
                }
            });

            var threshold = Merge(lowerBounds, depth, key.IdOf).Threshold;
            Parallel.For(0, partitions, p =>
            {
                var (start, end) = Range(rows.Count, partitions, p);
                exact[p] = new TopKHeap(depth, key.IdOf);
                for (var i = start; i < end; i++)
                {
                    if (upperBounds[i] >= threshold)
                    {
                        var row = rows.RowAt(i);
                        var score = CosineOf(blocks, row, query);
                        if (key.IsFollowedBy(score, row))
                        {
                            exact[p].Offer(score, row);
                        }
                    }
                }
            });
        }
        finally
        {
            ArrayPool<float>.Shared.Return(upperBounds);
        }

        return Merge(exact, depth, key.IdOf).ToSortedDescending();
    }

    /// <summary>A query leaves out a handful of rows at most, so a linear look is cheaper than a set.</summary>
    private static bool IsExcluded(int[] excludedRows, int row) =>
        excludedRows.Length != 0 && Array.IndexOf(excludedRows, row) >= 0;

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

    /// <summary>
    /// The continuation key in the index's own score type: the key score came from a float32 score, so the cast is
    /// exact. Without a key every score (finite) ranks after +∞.
    /// </summary>
    private readonly struct Key(ContinuationKey? after, Func<int, string> idOf)
    {
        public readonly float Score = after is null ? float.PositiveInfinity : (float)after.Score;

        public readonly Func<int, string> IdOf = idOf;

        private readonly string? _id = after?.Id;

        public bool IsFollowedBy(float score, int row) =>
            score < Score || (score == Score && string.CompareOrdinal(IdOf(row), _id) > 0);
    }
}
