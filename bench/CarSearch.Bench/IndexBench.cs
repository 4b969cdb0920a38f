using System.Diagnostics;
using System.Globalization;
using CarSearch.Benchmarks;
using CarSearch.Core.Index.Embedded;

namespace CarSearch.Bench;

/// <summary>The embedded index at a large size: how long a reopen takes, and how long a writer waits while it compacts.</summary>
internal static class IndexBench
{
    /// <summary>The argument that makes the bench open one index directory and print the seconds it took (<see cref="ReopenOnceAsync"/>).</summary>
    public const string ReopenOnceCommand = "reopen-once";

    /// <param name="ReopenSeconds">Opens in the process that built the index: its code already compiled.</param>
    /// <param name="FreshReopenSeconds">Opens as a fresh process's first, as <c>carsearch serve</c> opens its index at start.</param>
    /// <param name="WritesDuringCompactionMilliseconds">Each write that was in flight at some moment of the compaction.</param>
    public sealed record Result(
        int Vectors, Samples ReopenSeconds, Samples FreshReopenSeconds, double CompactionSeconds, Samples WritesDuringCompactionMilliseconds,
        Samples WriteMilliseconds, long SnapshotBytes)
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

        var freshReopenTimes = new List<double>();
        for (var i = 0; i < reopens; i++)
        {
            freshReopenTimes.Add(await ReopenInFreshProcessAsync(directory));
            Console.WriteLine($"  reopen {i + 1} in a fresh process: {freshReopenTimes[^1]:F1} s");
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
        return new Result(
            size, new Samples(reopenTimes), new Samples(freshReopenTimes), compactionSeconds, during, new Samples(writes.Select(w => w.Milliseconds)), snapshot);
    }

    /// <summary>Opens the index in <paramref name="directory"/>; returns the seconds from the open until it counted its documents.</summary>
    public static async Task<double> ReopenOnceAsync(string directory)
    {
        var clock = Stopwatch.StartNew();
        await using var index = LargeIndex.Open(directory);
        await index.InitializeAsync();
        _ = await index.CountAsync();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Runs this bench as a new process to open the index once (<see cref="ReopenOnceCommand"/>): the JIT and the collector start cold.</summary>
    private static async Task<double> ReopenInFreshProcessAsync(string directory)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(IndexBench).Assembly.Location);
        start.ArgumentList.Add(ReopenOnceCommand);
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bench again to reopen the index.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 && double.TryParse(output.Trim(), CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new InvalidOperationException($"Reopening the index in a fresh process failed (exit {process.ExitCode}): {output}");
    }
}
