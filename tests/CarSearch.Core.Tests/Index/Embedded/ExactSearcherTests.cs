using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>
/// The two-pass search (int8 then float32) returns what scoring every row in float64 returns: the contract suite's
/// collections are too small to reach it, so these are large, and clustered, so many rows score alike and the
/// int8 pass alone would misorder them.
/// </summary>
public sealed class ExactSearcherTests
{
    private const int Dimensions = 512;

    /// <summary>Rows: just above the two-pass threshold (one thread), and enough for the parallel split.</summary>
    public static TheoryData<int, int> Sizes => new()
    {
        { ExactSearcher.TwoPassMinRows + 500, 1 },
        { ExactSearcher.TwoPassMinRows + 500, 10 },
        { ExactSearcher.TwoPassMinRows + 500, 101 },
        { (2 * ExactSearcher.RowsPerPartition) + 100, 10 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void EveryRowScanAgreesWithFloat64(int rowCount, int depth)
    {
        var (rows, stored, vectors) = ClusteredRows(rowCount, seed: rowCount + depth);
        foreach (var query in Queries(vectors, stored))
        {
            var ranked = SearchAlone(rows, IdOf, new AllRows(rows.Count), excludedRows: [], query, depth);
            AssertExact(stored, Enumerable.Range(0, rows.Count), query, ranked, depth);
        }
    }

    [Fact]
    public void FilteredRowsAndAnExcludedRowAgreeWithFloat64()
    {
        var (rows, stored, vectors) = ClusteredRows((2 * ExactSearcher.TwoPassMinRows) + 300, seed: 5);
        var listed = Enumerable.Range(0, rows.Count).Where(r => r % 2 == 1).ToArray();
        foreach (var query in Queries(vectors, stored))
        {
            var best = SearchAlone(rows, IdOf, new ListedRows(listed), [], query, 1)[0].Row;
            var ranked = SearchAlone(rows, IdOf, new ListedRows(listed), [best], query, 20);

            Assert.DoesNotContain(ranked, r => r.Row == best);
            AssertExact(stored, listed.Where(r => r != best), query, ranked, 20);
        }
    }

    [Fact]
    public void FewerRowsThanTheDepthReturnsThemAll()
    {
        var (rows, stored, vectors) = ClusteredRows(ExactSearcher.TwoPassMinRows + 10, seed: 6);
        var listed = new[] { 3, 700, 4000 };
        var query = vectors.NextUnit();

        var ranked = SearchAlone(rows, IdOf, new ListedRows(listed), [], query, 100);

        AssertExact(stored, listed, query, ranked, 100);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(ExactSearcher.TwoPassMinRows + 500)]
    public void ExactDuplicatesRankInIdOrder(int rowCount)
    {
        var (rows, stored, vectors) = ClusteredRows(rowCount, seed: 7);
        var copied = stored[rowCount / 3];
        var copies = Enumerable.Range(rowCount, 30).ToList();
        foreach (var row in copies)
        {
            rows.Add(copied);
            stored.Add(copied);
        }

        var ranked = SearchAlone(rows, IdOf, new AllRows(rows.Count), [], vectors.NextNear(copied, 0.001), 20);

        // The copies and the row they copy score alike and come first; the 20 ranked are those of the lowest ids.
        var tied = copies.Append(rowCount / 3).OrderBy(IdOf, StringComparer.Ordinal).Take(20);
        Assert.Equal(tied, ranked.Select(r => r.Row));
        Assert.Single(ranked.Select(r => r.Score).Distinct());
    }

    [Theory]
    [InlineData(ExactSearcher.TwoPassMinRows + 500, 100)]
    [InlineData(ExactSearcher.TwoPassMinRows + 500, 7)]
    [InlineData(300, 7)]
    public void PagesAfterKeysWalkTheWholeRankingOnce(int rowCount, int top)
    {
        var (rows, stored, vectors) = ClusteredRows(rowCount, seed: rowCount + top);
        var copied = stored[rowCount / 2];
        var copies = Enumerable.Range(rowCount, (2 * top) + 3).ToList();
        foreach (var row in copies)
        {
            rows.Add(copied);
            stored.Add(copied);
        }

        var query = vectors.NextNear(copied, 0.3);
        // The last row: the last pages have fewer rows after the key than a page, so every row is scored exactly.
        var excluded = Enumerable.Range(0, rows.Count).MinBy(r => TestVectors.Cosine(query, stored[r]));

        var walked = new List<ScoredRow>();
        ContinuationKey? after = null;
        for (var page = 0; page <= rows.Count / top; page++)
        {
            // As the index asks: one row more than the page, to know whether another follows.
            var ranked = SearchAlone(rows, IdOf, new AllRows(rows.Count), [excluded], query, top + 1, after);
            walked.AddRange(ranked.Take(top));
            if (ranked.Length <= top)
            {
                break;
            }

            after = new ContinuationKey(ranked[top - 1].Score, IdOf(ranked[top - 1].Row), walked.Count);
        }

        AssertExact(stored, Enumerable.Range(0, rows.Count).Where(r => r != excluded), query, [.. walked], rows.Count);
        var tied = copies.Append(rowCount / 2).OrderBy(IdOf, StringComparer.Ordinal).ToList();
        var first = walked.FindIndex(r => tied.Contains(r.Row));
        Assert.Equal(tied, walked.Skip(first).Take(tied.Count).Select(r => r.Row));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(ExactSearcher.TwoPassMinRows + 500)]
    [InlineData((2 * ExactSearcher.RowsPerPartition) + 100)]
    public void ABatchAnswersEverySearchExactlyAsItWouldBeAnsweredAlone(int rowCount)
    {
        var (rows, stored, vectors) = ClusteredRows(rowCount, seed: rowCount + 17);
        var all = new AllRows(rows.Count);
        var queries = Queries(vectors, stored).Take(4).ToList();
        var best = SearchAlone(rows, IdOf, all, [], queries[1], 1)[0].Row;
        var firstPage = SearchAlone(rows, IdOf, all, [], queries[2], 11);
        var key = new ContinuationKey(firstPage[9].Score, IdOf(firstPage[9].Row), 10);

        // Different depths, an excluded row, a page after a key, and the same query twice (two shoppers, one text).
        ScanRequest[] batch =
        [
            new(queries[0], 1, [], null),
            new(queries[1], 20, [best], null),
            new(queries[2], 11, [], key),
            new(queries[3], 101, [], null),
            new(queries[0], 10, [], null),
            new(queries[3], 5, [best], null),
        ];

        var answers = ExactSearcher.Search(rows, IdOf, all, batch);

        Assert.Equal(batch.Length, answers.Length);
        for (var i = 0; i < batch.Length; i++)
        {
            var request = batch[i];
            var alone = SearchAlone(rows, IdOf, all, request.ExcludedRows, request.Vector, request.Depth, request.After);
            Assert.Equal(alone, answers[i]);
            if (request.After is null)
            {
                AssertExact(stored, Enumerable.Range(0, rows.Count).Except(request.ExcludedRows), request.Vector, answers[i], request.Depth);
            }
        }

        Assert.Equal(firstPage.Skip(10).Take(1).Select(r => r.Row), answers[2].Take(1).Select(r => r.Row));
    }

    /// <summary>One search in a scan of its own, as the index runs a filtered search.</summary>
    private static ScoredRow[] SearchAlone<TRows>(
        VectorRows vectors, Func<int, string> idOf, TRows rows, int[] excludedRows, float[] query, int depth, ContinuationKey? after = null)
        where TRows : struct, IRowSet =>
        ExactSearcher.Search(vectors, idOf, rows, [new ScanRequest(query, depth, excludedRows, after)])[0];

    /// <summary>Ids that sort the other way round from rows, so a tie broken by row number shows.</summary>
    private static string IdOf(int row) => $"car-{int.MaxValue - row:D10}";

    /// <summary>Clustered like CLIP embeddings: Gaussian noise around a few hundred centres, then normalised.</summary>
    private static (VectorRows Rows, List<float[]> Stored, TestVectors Vectors) ClusteredRows(int count, int seed)
    {
        var vectors = new TestVectors(Dimensions, seed);
        var centres = Enumerable.Range(0, 50).Select(_ => vectors.NextUnit()).ToArray();
        var rows = new VectorRows(Dimensions);
        var stored = new List<float[]>(count);
        for (var i = 0; i < count; i++)
        {
            // Every 100th row is a near-duplicate of the one before: gaps far below the int8 step.
            var vector = i % 100 == 1 ? vectors.NextNear(stored[^1], 0.0005) : vectors.NextNear(centres[i % centres.Length], 0.05);
            stored.Add(vector);
            rows.Add(vector);
        }

        return (rows, stored, vectors);
    }

    private static IEnumerable<float[]> Queries(TestVectors vectors, List<float[]> stored) =>
    [
        vectors.NextUnit(),
        stored[1],
        vectors.NextNear(stored[101], 0.0001),
        vectors.NextNear(stored[stored.Count / 2], 0.03),
    ];

    private static void AssertExact(List<float[]> stored, IEnumerable<int> candidates, float[] query, ScoredRow[] ranked, int depth)
    {
        var expected = candidates
            .Select(row => TestVectors.Cosine(query, stored[row]))
            .OrderDescending()
            .Take(depth)
            .ToList();

        Assert.Equal(expected.Count, ranked.Length);
        Assert.Equal(ranked.Length, ranked.Select(r => r.Row).Distinct().Count());
        for (var i = 0; i < ranked.Length; i++)
        {
            var reference = TestVectors.Cosine(query, stored[ranked[i].Row]);
            Assert.InRange(ranked[i].Score, reference - 1e-5, reference + 1e-5);
            Assert.InRange(reference, expected[i] - 1e-5, expected[i] + 1e-5);
        }
    }
}
