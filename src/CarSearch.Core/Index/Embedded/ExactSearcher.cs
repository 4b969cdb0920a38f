using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// Exact top-k by cosine similarity, in <see cref="SearchOrder"/>, among the rows that rank after a continuation key
/// (all rows on a first page), in two passes that give the same answer as scoring every row in float32:
/// <list type="number">
/// <item>Score every row with its int8 codes (a quarter of the memory traffic) against int8 query codes, every query
/// of a batch while the row is in cache (<see cref="QueryCodes"/>), with a proven error bound
/// e = r_v + r_q (1 + r_v) + margin, where r_v, r_q are the lengths of the row's and the query's rounding residuals
/// (Cauchy-Schwarz: |q·u - q̃·ũ| ≤ |q||u - ũ| + |q - q̃||ũ|), so the float32 score s lies in [lower, upper] =
/// [a - e, a + e]. Against the key score K: lower &gt; K means s &gt; K, the row ranks before the key and is skipped;
/// upper &lt; K means s &lt; K, the row certainly ranks after it, and only such rows offer their lower bound. The
/// k-th best of those lower bounds, L, is a score at least k eligible rows reach (L = -∞ when fewer than k rows are
/// certainly eligible).</item>
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
    /// For each request, the best <see cref="ScanRequest.Depth"/> rows of <paramref name="rows"/> (except its excluded
    /// rows) that rank after its key (every row when null), best first; equal scores in ascending order of
    /// <paramref name="idOf"/> (the row's document id). One scan of <paramref name="rows"/> answers them all, and each
    /// answer is the one the request gets in a scan of its own.
    /// </summary>
    public static ScoredRow[][] Search<TRows>(VectorRows vectors, Func<int, string> idOf, TRows rows, IReadOnlyList<ScanRequest> requests)
        where TRows : struct, IRowSet
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(requests);
        var scans = requests.Select(request => new Scan(request, idOf)).ToArray();
        var blocks = vectors.Blocks();
        if (rows.Count < TwoPassMinRows)
        {
            return [.. scans.Select(scan => ScoreExactly(blocks, rows, scan))];
        }

        return ScoreInTwoPasses(blocks, vectors.Dimensions, rows, scans);
    }

    private static ScoredRow[] ScoreExactly<TRows>(VectorBlock[] blocks, TRows rows, Scan scan)
        where TRows : struct, IRowSet
    {
        var heap = new TopKHeap(scan.Depth, scan.Key.IdOf);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows.RowAt(i);
            if (!IsExcluded(scan.ExcludedRows, row))
            {
                var score = CosineOf(blocks, row, scan.UnitQuery);
                if (scan.Key.IsFollowedBy(score, row))
                {
                    heap.Offer(score, row);
                }
            }
        }

        return heap.ToSortedDescending();
    }

    private static ScoredRow[][] ScoreInTwoPasses<TRows>(VectorBlock[] blocks, int dimensions, TRows rows, Scan[] scans)
        where TRows : struct, IRowSet
    {
        var codes = new QueryCodes([.. scans.Select(scan => scan.UnitQuery)], dimensions);
        var partitions = Math.Clamp(rows.Count / RowsPerPartition, 1, Environment.ProcessorCount);
        var lowerBounds = new TopKHeap[scans.Length][];
        var exact = new TopKHeap[scans.Length][];
        for (var q = 0; q < scans.Length; q++)
        {
            lowerBounds[q] = new TopKHeap[partitions];
            exact[q] = new TopKHeap[partitions];
            scans[q].UpperBounds = ArrayPool<float>.Shared.Rent(rows.Count);
        }

        try
        {
            Parallel.For(0, partitions, p =>
            {
                var (start, end) = Range(rows.Count, partitions, p);
                var chunk = new BoundsChunk(scans.Length);
                for (var q = 0; q < scans.Length; q++)
                {
                    lowerBounds[q][p] = new TopKHeap(scans[q].Depth, scans[q].Key.IdOf);
                }

                for (var first = start; first < end; first += BoundsChunk.Rows)
                {
                    var count = Math.Min(BoundsChunk.Rows, end - first);
                    chunk.Score(blocks, dimensions, rows, codes, first, count);
                    for (var q = 0; q < scans.Length; q++)
                    {
                        chunk.Bound(scans[q], q, codes, first, count, lowerBounds[q][p]);
                    }
                }
            });

            var thresholds = scans.Select((scan, q) => Merge(lowerBounds[q], scan.Depth, scan.Key.IdOf).Threshold).ToArray();
            Parallel.For(0, partitions, p =>
            {
                var (start, end) = Range(rows.Count, partitions, p);
                for (var q = 0; q < scans.Length; q++)
                {
                    var scan = scans[q];
                    var heap = exact[q][p] = new TopKHeap(scan.Depth, scan.Key.IdOf);
                    for (var i = start; i < end; i++)
                    {
                        if (scan.UpperBounds[i] >= thresholds[q])
                        {
                            var row = rows.RowAt(i);
                            var score = CosineOf(blocks, row, scan.UnitQuery);
                            if (scan.Key.IsFollowedBy(score, row))
                            {
                                heap.Offer(score, row);
                            }
                        }
                    }
                }
            });
        }
        finally
        {
            foreach (var scan in scans)
            {
                ArrayPool<float>.Shared.Return(scan.UpperBounds);
            }
        }

        return [.. scans.Select((scan, q) => Merge(exact[q], scan.Depth, scan.Key.IdOf).ToSortedDescending())];
    }

    /// <summary>A query leaves out a handful of rows at most, so a linear look is cheaper than a set.</summary>
    private static bool IsExcluded(int[] excludedRows, int row) =>
        excludedRows.Length != 0 && Array.IndexOf(excludedRows, row) >= 0;

    /// <summary>The float32 cosine of a stored row with the unit query: the score every result carries.</summary>
    private static float CosineOf(VectorBlock[] blocks, int row, float[] query)
    {
        var block = blocks[row >> VectorRows.BlockShift];
        var offset = row & VectorRows.RowMask;
        return TensorPrimitives.Dot(query, block.Vectors.Slice(offset * query.Length, query.Length)) * block.InverseNorms[offset];
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
    /// The first pass over <see cref="Rows"/> rows at a time: their int8 dot products with every query (each row read
    /// once), then each query's bounds for the whole chunk in vector operations, then its skip and heap decisions in
    /// one tight loop. Per row and query, the bounds cost more than the VNNI dot product itself when worked out one
    /// row at a time.
    /// </summary>
    private sealed class BoundsChunk(int queries)
    {
        public const int Rows = 256;

        private readonly int[] _dots = new int[queries * Rows];
        private readonly int[] _rows = new int[Rows];
        private readonly float[] _steps = new float[Rows];
        private readonly float[] _residuals = new float[Rows];
        private readonly float[] _lower = new float[Rows];
        private readonly float[] _bound = new float[Rows];

        /// <summary>Dot products of rows first..first+count with every query; query q's at <c>_dots[q * Rows + j]</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Score<TRows>(VectorBlock[] blocks, int dimensions, TRows rows, QueryCodes codes, int first, int count)
            where TRows : struct, IRowSet
        {
            for (var j = 0; j < count; j++)
            {
                var row = _rows[j] = rows.RowAt(first + j);
                var block = blocks[row >> VectorRows.BlockShift];
                var offset = row & VectorRows.RowMask;
                codes.Dot(block.Codes.Slice(offset * dimensions, dimensions), _dots.AsSpan(j), Rows);
                _steps[j] = block.CodeSteps[offset];
                _residuals[j] = block.CodeResiduals[offset];
            }
        }

        /// <summary>
        /// Query <paramref name="q"/>'s bounds [a - e, a + e] for the chunk (a = dot × query step × row step, e = r_v +
        /// r_q (1 + r_v) + margin): upper bounds to <see cref="Scan.UpperBounds"/> (skipped rows NaN), certainly eligible
        /// rows' lower bounds to <paramref name="heap"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Bound(Scan scan, int q, QueryCodes codes, int first, int count, TopKHeap heap)
        {
            var approximate = _lower.AsSpan(0, count);
            var bound = _bound.AsSpan(0, count);
            var upper = scan.UpperBounds.AsSpan(first, count);
            var queryResidual = codes.Residuals[q];
            TensorPrimitives.ConvertTruncating<int, float>(_dots.AsSpan(q * Rows, count), approximate);
            TensorPrimitives.Multiply(approximate, _steps.AsSpan(0, count), approximate);
            TensorPrimitives.Multiply(approximate, codes.Steps[q], approximate);
            TensorPrimitives.Multiply(_residuals.AsSpan(0, count), 1 + queryResidual, bound);
            TensorPrimitives.Add(bound, queryResidual + BoundMargin, bound);
            TensorPrimitives.Add(approximate, bound, upper);
            TensorPrimitives.Subtract(approximate, bound, approximate);

            var lower = approximate;
            var keyScore = scan.Key.Score;
            var excluded = scan.ExcludedRows;
            var threshold = heap.Threshold;
            for (var j = 0; j < count; j++)
            {
                if (lower[j] > keyScore || (excluded.Length != 0 && IsExcluded(excluded, _rows[j])))
                {
                    upper[j] = Skipped;
                }
                else if (upper[j] < keyScore && lower[j] >= threshold)
                {
                    heap.Offer(lower[j], _rows[j]);
                    threshold = heap.Threshold;
                }
            }
        }
    }

    /// <summary>One request as a scan works on it: the unit query, its key, and its rows' upper bounds between passes.</summary>
    private sealed class Scan(ScanRequest request, Func<int, string> idOf)
    {
        public readonly float[] UnitQuery = Unit(request.Vector);

        public readonly int Depth = request.Depth;

        public readonly int[] ExcludedRows = request.ExcludedRows;

        public readonly Key Key = new(request.After, idOf);

        public float[] UpperBounds = [];

        private static float[] Unit(float[] query)
        {
            var unit = new float[query.Length];
            TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), unit);
            return unit;
        }
    }

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
