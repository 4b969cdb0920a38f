using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Storage.Blobs;
using CarSearch.Benchmarks;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Storage;
using Microsoft.Extensions.Options;

namespace CarSearch.Bench;

/// <summary>HTTP search against serve holding many vectors: one client, 16 clients, and photo searches.</summary>
internal static class SearchBench
{
    public sealed record Result(
        IReadOnlyList<Timed> OneClientRequests,
        Samples SixteenClientsMilliseconds,
        double SixteenClientsRequestsPerSecond,
        Samples PopularMilliseconds,
        double PopularRequestsPerSecond,
        int Errors,
        IReadOnlyDictionary<string, Samples> ImageSearchMilliseconds)
    {
        public Samples OneClientMilliseconds { get; } = new(OneClientRequests.Select(t => t.Milliseconds));
    }

    /// <summary>
    /// Stores <paramref name="count"/> tiny blobs and writes a document for each straight into the index folder, with
    /// the blob's version and the model's id, so serve's watcher sees them as indexed (a document without its blob
    /// would be removed as an orphan). The vectors are CLIP-like random unit vectors.
    /// </summary>
    public static async Task PopulateAsync(BlobContainerClient container, string indexDirectory, string modelId, int count)
    {
        await container.CreateIfNotExistsAsync();
        var versions = new string[count];
        var body = BinaryData.FromBytes([0xFF, 0xD8, 0xFF]);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
        {
            var uploaded = await container.UploadBlobAsync(Name(i), body, cancellationToken);
            versions[i] = BlobImageStore.VersionOf(uploaded.Value.ETag);
        });
        Console.WriteLine($"  {count:N0} blobs stored in {clock.Elapsed.TotalSeconds:F0} s");

        var vectors = new ClipLikeVectors(512, 300, seed: count);
        await using var index = new EmbeddedVectorIndex(Options.Create(new IndexOptions { Local = new LocalIndexOptions { Directory = indexDirectory } }));
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                float[] embedding;
                lock (vectors)
                {
                    embedding = vectors.Image(i % vectors.Clusters);
                }

                await index.UpsertAsync(new ImageDocument
                {
                    Id = DocumentId.FromName(Name(i)),
                    Name = Name(i),
                    ContentHash = i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture),
                    Width = 640,
                    Height = 480,
                    Format = "JPEG",
                    SizeBytes = 3,
                    Metadata = new Dictionary<string, string> { ["make"] = $"make-{i % 30}" },
                    ModelId = modelId,
                    IndexedAt = DateTimeOffset.UtcNow,
                    Embedding = embedding,
                    SourceVersion = versions[i],
                });
            }
        })));
        await index.CompactAsync();
        Console.WriteLine($"  {count:N0} documents written to the index after {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Waits until serve's first scan has compared the container with the index and found nothing to do.</summary>
    public static async Task WaitForQuietAsync(ServeProcess serve, long count)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            using var status = JsonDocument.Parse(await serve.Client.GetStringAsync(new Uri("api/ingest/status", UriKind.Relative)));
            var root = status.RootElement;
            if (root.GetProperty("scannedAt").ValueKind != JsonValueKind.Null && root.GetProperty("pending").GetInt64() == 0 &&
                root.GetProperty("indexed").GetInt64() == count)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"serve's first scan did not settle at {count} indexed. Last lines:\n{serve.Tail()}");
    }

    /// <summary>
    /// One request as the client timed it, and serve's own account from its Server-Timing header: the query's vector
    /// (the text tower) and the index's top-k query; the rest is HTTP, routing, JSON and the client.
    /// </summary>
    public sealed record Timed(double Milliseconds, double EmbedMilliseconds, double IndexMilliseconds)
    {
        public double RestMilliseconds => Milliseconds - EmbedMilliseconds - IndexMilliseconds;
    }

    /// <summary>Queries of the popular-queries load: a small working set, as a shop's most searched texts are.</summary>
    public const int PopularQueries = 100;

    public static async Task<Result> RunAsync(ServeProcess serve, IReadOnlyList<(string Name, byte[] Photo)> photos, TimeSpan loadDuration)
    {
        var errors = 0;
        var next = -1;
        string NextUnique() => SearchQueries.Unique(Interlocked.Increment(ref next));

        // Warm-up: JIT, ORT's first runs, connection pool.
        for (var i = 0; i < 20; i++)
        {
            await TimedSearchAsync(serve.Client, NextUnique());
        }

        var one = new List<Timed>();
        for (var i = 0; i < 300; i++)
        {
            var (timed, ok) = await TimedSearchAsync(serve.Client, NextUnique());
            one.Add(timed);
            errors += ok ? 0 : 1;
        }

        serve.Memory.TakePeak();
        var (many, rate, manyErrors) = await SixteenClientsAsync(serve.Client, NextUnique, loadDuration);

        // Popular queries: the same 100 texts in turn, none of them searched above, so the first pass runs the text
        // tower and the rest come from serve's cache of recent texts.
        var popular = Enumerable.Range(0, PopularQueries).Select(_ => NextUnique()).ToArray();
        var turn = -1;
        var (repeated, repeatedRate, repeatedErrors) = await SixteenClientsAsync(
            serve.Client, () => popular[Interlocked.Increment(ref turn) % popular.Length], loadDuration);
        errors += manyErrors + repeatedErrors;

        var imageSearches = new Dictionary<string, Samples>();
        foreach (var (name, photo) in photos)
        {
            var times = new List<double>();
            for (var i = 0; i < 18; i++)
            {
                using var content = new ByteArrayContent(photo);
                content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                var watch = Stopwatch.StartNew();
                using var response = await serve.Client.PostAsync(new Uri("api/search/image?top=10", UriKind.Relative), content);
                await response.Content.ReadAsByteArrayAsync();
                if (i >= 3)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                errors += response.IsSuccessStatusCode ? 0 : 1;
            }

            imageSearches[name] = new Samples(times);
        }

        return new Result(one, new Samples(many), rate, new Samples(repeated), repeatedRate, errors, imageSearches);
    }

    /// <summary>16 clients searching back to back for <paramref name="duration"/>, each taking its next text from <paramref name="query"/>.</summary>
    private static async Task<(List<double> Milliseconds, double RequestsPerSecond, int Errors)> SixteenClientsAsync(
        HttpClient client, Func<string> query, TimeSpan duration)
    {
        var all = new List<double>();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < duration)
            {
                var (timed, ok) = await TimedSearchAsync(client, query());
                mine.Add(timed.Milliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }

            lock (all)
            {
                all.AddRange(mine);
            }
        })));
        return (all, all.Count / clock.Elapsed.TotalSeconds, errors);
    }

    private static string Name(int i) => $"stock/car-{i:D7}.jpg";

    private static async Task<(Timed Timed, bool Ok)> TimedSearchAsync(HttpClient client, string query)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri($"api/search?q={Uri.EscapeDataString(query)}&top=10", UriKind.Relative));
        await response.Content.ReadAsByteArrayAsync();
        var milliseconds = watch.Elapsed.TotalMilliseconds;
        var serverTiming = response.Headers.TryGetValues("Server-Timing", out var values) ? string.Join(",", values) : "";
        return (new Timed(milliseconds, Duration(serverTiming, "embed"), Duration(serverTiming, "index")), response.IsSuccessStatusCode);
    }

    /// <summary>The <c>dur</c> of the metric <paramref name="name"/> in a Server-Timing header; NaN when it is not there.</summary>
    private static double Duration(string serverTiming, string name)
    {
        foreach (var metric in serverTiming.Split(',', StringSplitOptions.TrimEntries))
        {
            var parameters = metric.Split(';', StringSplitOptions.TrimEntries);
            if (parameters[0] == name && parameters.FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal)) is { } duration)
            {
                return double.Parse(duration[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return double.NaN;
    }
}
