using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CarSearch.Tests;
using Xunit.Abstractions;

namespace CarSearch.Cli.Tests.Serve;

/// <summary>
/// Many shoppers searching at once while photos keep arriving: every answer is a success. Asserts no error only; the
/// rates and latencies it prints are figures of this machine, for the README, not limits.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class LoadTests(AzuriteServer azurite, ITestOutputHelper output) : IDisposable
{
    private const int Clients = 32;

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);

    private static readonly string[] Queries = ["red car", "blue sports car", "a photo of a white van", "black suv on a street", "yellow taxi"];

    private readonly string _indexDirectory = Directory.CreateTempSubdirectory("carsearch-load-index-").FullName;

    public void Dispose() => Directory.Delete(_indexDirectory, recursive: true);

    [Fact]
    public async Task ThirtyTwoClientsSearchingWhileUploadsArriveGetNoError()
    {
        await using var serve = await ServeInstance.StartAsync(azurite, ServeInstance.NewContainerName(), _indexDirectory);
        var photos = BurstPhotos.Draw(100);
        await BurstPhotos.UploadAsync(serve.Container, photos.Select((photo, i) => ($"first/{i:D3}.jpg", photo)), 16);
        await serve.WaitUntilIndexedAsync(photos.Count);

        using var stop = new CancellationTokenSource(Duration);
        var uploads = BurstPhotos.UploadAsync(serve.Container, photos.Select((photo, i) => ($"during/{i:D3}.jpg", photo)), 4);
        var latencies = new ConcurrentBag<double>();
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var i = client; !stop.IsCancellationRequested; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await serve.Client.GetAsync(
                    new Uri($"/api/search?q={Uri.EscapeDataString(Queries[i % Queries.Length])}&top=10", UriKind.Relative));
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        })));
        var elapsed = clock.Elapsed;
        await uploads;

        Assert.Empty(failures);
        await serve.WaitUntilIndexedAsync(2 * photos.Count);
        var sorted = latencies.Order().ToArray();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Clients} clients for {elapsed.TotalSeconds:0} s while {photos.Count} photos were uploaded: {sorted.Length} searches, " +
            $"{sorted.Length / elapsed.TotalSeconds:0} requests/s, p50 {sorted[sorted.Length / 2]:0} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:0} ms, 0 errors."));
    }
}
