using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using CarSearch.Core.Index;
using CarSearch.Tests;
using Xunit.Abstractions;

namespace CarSearch.Cli.Tests.Serve;

/// <summary>
/// The promise "upload a photo and it is searchable", under a burst: thousands of uploads at once, many in the same
/// second, every one accounted for within seconds and indexed or failed once the backlog drains; deletes leave search
/// within seconds.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class BurstUploadTests(AzuriteServer azurite, ITestOutputHelper output) : IDisposable
{
    private const int Uploads = 2000;
    private const int Concurrency = 32;

    /// <summary>One in this many uploads is not an image: it must end failed, never pending, and hold up no other.</summary>
    private const int OneBadIn = 100;

    private static readonly TimeSpan AccountedWithin = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainedWithin = TimeSpan.FromMinutes(4);

    private readonly string _indexDirectory = Directory.CreateTempSubdirectory("carsearch-burst-index-").FullName;

    public void Dispose() => Directory.Delete(_indexDirectory, recursive: true);

    [Fact]
    public async Task EveryUploadOfABurstIsAccountedForWithinSecondsAndIndexedOrFailedOnceTheBacklogDrains()
    {
        await using var serve = await ServeInstance.StartAsync(azurite, ServeInstance.NewContainerName(), _indexDirectory);
        var photos = BurstPhotos.Draw(64);
        var blobs = Enumerable.Range(0, Uploads)
            .Select(i => i % OneBadIn == OneBadIn - 1
                ? ($"burst/{i:D4}-notes.jpg", "not a photo"u8.ToArray())
                : ($"burst/{i:D4}.jpg", photos[i % photos.Count]))
            .ToList();
        const int bad = Uploads / OneBadIn;

        var clock = Stopwatch.StartNew();
        await BurstPhotos.UploadAsync(serve.Container, blobs, Concurrency);
        var burstEnded = clock.Elapsed;

        // Accounted for: every upload is indexed, failed or pending. Pending must never hide one that is not done.
        var accounted = await serve.WaitForStatusAsync(
            status => Indexed(status) + Failed(status) + Pending(status) >= Uploads, "every upload accounted for", AccountedWithin);
        var accountedAfter = clock.Elapsed - burstEnded;

        var drained = await serve.WaitForStatusAsync(
            status => Indexed(status) + Failed(status) == Uploads, "every upload indexed or failed", DrainedWithin);
        var drainedAfter = clock.Elapsed - burstEnded;

        // The status reads pending before the index, so an image finishing in between is counted twice for a moment.
        var settled = await serve.WaitForStatusAsync(status => Pending(status) == 0, "nothing pending", AccountedWithin);
        Assert.Equal((Uploads - bad, (long)bad), (Indexed(settled), Failed(settled)));
        Assert.All(
            drained.GetProperty("failures").EnumerateArray(),
            failure => Assert.EndsWith("-notes.jpg", failure.GetProperty("name").GetString(), StringComparison.Ordinal));
        var documents = await serve.Index.ListAsync().ToListAsync();
        Assert.Equal(Uploads - bad, documents.Select(entry => entry.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Uploads - bad, documents.Count);

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Uploads} uploads at concurrency {Concurrency} took {burstEnded.TotalSeconds:0.0} s; all accounted for {accountedAfter.TotalSeconds:0.0} s after the burst " +
            $"(status then: {Indexed(accounted)} indexed, {Failed(accounted)} failed, {Pending(accounted)} pending); " +
            $"all indexed or failed {drainedAfter.TotalSeconds:0.0} s after it ({Uploads / (burstEnded + drainedAfter).TotalSeconds:0} images/s from the first upload)."));
    }

    [Fact]
    public async Task DeletedImagesLeaveSearchWithinSeconds()
    {
        await using var serve = await ServeInstance.StartAsync(azurite, ServeInstance.NewContainerName(), _indexDirectory);
        var photos = BurstPhotos.Draw(40);
        var blobs = photos.Select((photo, i) => ($"delete-me/{i:D2}.jpg", photo)).ToList();
        await BurstPhotos.UploadAsync(serve.Container, blobs, Concurrency);
        await serve.WaitUntilIndexedAsync(blobs.Count);

        var deleted = blobs.Take(30).Select(blob => blob.Item1).ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(deleted, async (name, token) => await serve.Container.DeleteBlobAsync(name, cancellationToken: token));
        var deletesEnded = clock.Elapsed;

        await serve.WaitForStatusAsync(status => Indexed(status) == blobs.Count - deleted.Count, "the deleted images gone", AccountedWithin);
        var goneAfter = clock.Elapsed - deletesEnded;
        foreach (var name in deleted)
        {
            using var response = await serve.Client.GetAsync(new Uri($"/api/images/{DocumentId.FromName(name)}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var results = (await serve.GetJsonAsync("/api/search?q=car&top=100")).GetProperty("results").EnumerateArray()
            .Select(result => result.GetProperty("name").GetString()).ToList();
        Assert.Equal(blobs.Count - deleted.Count, results.Count);
        Assert.DoesNotContain(results, name => deleted.Contains(name!));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{deleted.Count} deletes left search {goneAfter.TotalSeconds:0.0} s after the last one."));
    }

    private static long Indexed(JsonElement status) => status.GetProperty("indexed").GetInt64();

    private static long Failed(JsonElement status) => status.GetProperty("failed").GetInt64();

    private static long Pending(JsonElement status) =>
        status.GetProperty("pending").ValueKind == JsonValueKind.Null ? 0 : status.GetProperty("pending").GetInt64();
}
