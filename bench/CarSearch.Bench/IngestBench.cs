using System.Diagnostics;
using Azure.Storage.Blobs;

namespace CarSearch.Bench;

/// <summary>Uploads to the container serve watches and times until serve says every upload is indexed (searchable).</summary>
internal static class IngestBench
{
    private const int UploadConcurrency = 16;

    /// <returns>Images per second of each run, from the first upload's start until the last one is indexed.</returns>
    public static async Task<Samples> RunAsync(ServeProcess serve, BlobContainerClient container, string[] files, int imagesPerRun, int runs, string label)
    {
        var contents = files.Select(file => BinaryData.FromBytes(File.ReadAllBytes(file))).ToArray();
        var rates = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var before = await serve.IndexedAsync();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, imagesPerRun),
                new ParallelOptions { MaxDegreeOfParallelism = UploadConcurrency },
                async (i, cancellationToken) =>
                    await container.UploadBlobAsync($"{label}/run{run}/car-{i:D4}.jpg", contents[i % contents.Length], cancellationToken));
            var uploaded = clock.Elapsed;
            await serve.WaitForIndexedAsync(before + imagesPerRun, TimeSpan.FromMinutes(15));
            rates.Add(imagesPerRun / clock.Elapsed.TotalSeconds);
            Console.WriteLine($"  ingest {label} run {run + 1}: {imagesPerRun} images uploaded in {uploaded.TotalSeconds:F1} s, all indexed after {clock.Elapsed.TotalSeconds:F1} s");
        }

        return new Samples(rates);
    }
}
