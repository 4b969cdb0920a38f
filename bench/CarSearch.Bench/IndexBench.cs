using System.Diagnostics;
using System.Globalization;
using CarSearch.Benchmarks;
using CarSearch.Core.Index.Embedded;

namespace CarSearch.Bench;

/// <summary>The embedded index at a large size: how long a reopen takes, and how long a writer waits while it compacts.</summary>
internal static class IndexBench
{
    /// <param name="WritesDuringCompactionMilliseconds">Each write that was in flight at some moment of the compaction.</param>
    public sealed record Result(int Vectors, Samples ReopenSeconds, double CompactionSeconds, Samples WritesDuringCompactionMilliseconds, Samples WriteMilliseconds, long SnapshotBytes)
    {
        public double WorstWriteDuringCompactionMilliseconds => WritesDuringCompactionMilliseconds.Max;
    }

    public static async Task<Result> RunAsync(string root, int size, int reopens)
    {
        var directory = Path.Combine(root, $"index-{size}");
        var vectors = LargeIndex.Vectors(size);
        await using (var index = LargeIndex.Open(directory))
        {
            var clock = Stopwatch.StartNew();
            await LargeIndex.FillAsync(index, vectors, size);
            await index.CompactAsync();
            Console.WriteLine($"  {size:N0} vectors written and compacted in {clock.Elapsed.TotalSeconds:F0} s");
        }

        var reopenTimes = new List<double>();
        for (var i = 0; i < reopens; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var reopened = LargeIndex.Open(directory);
            await reopened.InitializeAsync();
            reopenTimes.Add(clock.Elapsed.TotalSeconds);
            Console.WriteLine($"  reopen {i + 1}: {clock.Elapsed.TotalSeconds:F1} s");
        }

        // One writer awaiting each upsert, as an ingest does, while a compaction of the whole index runs. It replaces
        // random documents (a re-index), the costly case for the compaction's frozen view: each first change of a row
        // after the freeze copies the row's old vector aside.
        await using var live = LargeIndex.Open(directory);
        await live.InitializeAsync();
        var writes = new List<(double Start, double Milliseconds)>();
        var running = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var random = new Random(size);
            for (var i = size; !stop.IsCancellationRequested; i++)
            {
                var embedding = LargeIndex.Image(vectors, i);
                var start = running.Elapsed.TotalMilliseconds;
                await live.UpsertAsync(LargeIndex.Document(random.Next(size), embedding));
                writes.Add((start, running.Elapsed.TotalMilliseconds - start));
            }
        });
        await Task.Delay(1000);
        var gcPauseBefore = GC.GetTotalPauseDuration();
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var compactionStart = running.Elapsed.TotalMilliseconds;
        await live.CompactAsync();
        var compactionEnd = running.Elapsed.TotalMilliseconds;
        var gc = string.Create(
            CultureInfo.InvariantCulture,
            $"{(GC.GetTotalPauseDuration() - gcPauseBefore).TotalMilliseconds:F0} ms paused in {GC.CollectionCount(0) - collectionsBefore[0]}/{GC.CollectionCount(1) - collectionsBefore[1]}/{GC.CollectionCount(2) - collectionsBefore[2]} gen0/1/2 collections");
        await Task.Delay(1000);
        await stop.CancelAsync();
        await writer;

        var inFlight = writes.Where(w => w.Start + w.Milliseconds >= compactionStart && w.Start <= compactionEnd).ToList();
        var during = new Samples(inFlight.Select(w => w.Milliseconds));
        var longest = inFlight.DefaultIfEmpty().MaxBy(w => w.Milliseconds);
        var snapshot = new FileInfo(Path.Combine(directory, "index.snapshot")).Length;
        var compactionSeconds = (compactionEnd - compactionStart) / 1000;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  compaction {compactionSeconds:F1} s; {during.Count} writes during it: longest {during.Max:F1} ms (began {(longest.Start - compactionStart) / 1000:F1} s into it), p99 {during.Percentile(99):F1} ms, median {during.Median:F2} ms; GC: {gc}"));
        return new Result(size, new Samples(reopenTimes), compactionSeconds, during, new Samples(writes.Select(w => w.Milliseconds)), snapshot);
    }
}
