using System.Diagnostics;
using System.Globalization;
using CarSearch.Core.Index.Embedded;

namespace CarSearch.Benchmarks;

/// <summary>
/// How long an embedded index directory takes to open, alone: builds it once (kept, so two builds can open the
/// same files one after the other), then opens it a few times, printing each time and the GC's share.
/// </summary>
internal static class ReopenTimes
{
    public static async Task RunAsync(string directory, int size, int runs)
    {
        if (!File.Exists(Path.Combine(directory, "index.snapshot")))
        {
            await BuildAsync(directory, size);
        }

        using var gcEvents = new GcEvents();
        for (var run = 0; run < runs; run++)
        {
            gcEvents.Reset();
            var pauseBefore = GC.GetTotalPauseDuration();
            int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var clock = Stopwatch.StartNew();
            long count;
            await using (var index = LargeIndex.Open(directory))
            {
                await index.InitializeAsync();
                count = await index.CountAsync();
                clock.Stop();

                // What serve's reconciliation reads every few seconds: every entry of the index.
                var listing = Stopwatch.StartNew();
                var listed = 0;
                await foreach (var entry in index.ListAsync())
                {
                    listed += entry.Name.Length > 0 ? 1 : 0;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  listing {listed:N0} entries: {listing.Elapsed.TotalSeconds:F2} s"));
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"reopen {run + 1}: {clock.Elapsed.TotalSeconds:F2} s for {count:N0} documents; GC paused {(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds:F2} s in {GC.CollectionCount(0) - collectionsBefore[0]}/{GC.CollectionCount(1) - collectionsBefore[1]}/{GC.CollectionCount(2) - collectionsBefore[2]} gen0/1/2 collections; heap {GC.GetTotalMemory(false) >> 20} MB; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            Console.WriteLine($"  collections (GC start to end): {gcEvents.Summary()}");
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    private static async Task BuildAsync(string directory, int size)
    {
        var clock = Stopwatch.StartNew();
        await using var index = LargeIndex.Open(directory);
        await LargeIndex.FillAsync(index, LargeIndex.Vectors(size), size);
        await index.CompactAsync();
        Console.WriteLine($"built {size:N0} documents in {clock.Elapsed.TotalSeconds:F0} s");
    }
}
