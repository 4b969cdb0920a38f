using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using CarSearch.Cli.Tests.Infrastructure;
using CarSearch.Tests;
using Xunit.Abstractions;

namespace CarSearch.Cli.Tests.Serve;

/// <summary>
/// <c>carsearch serve</c> killed outright in the middle of a burst: started again on the same index, it loses no
/// document, indexes the rest, and holds each image once.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class KillTests(AzuriteServer azurite, ITestOutputHelper output) : IDisposable
{
    private const int Uploads = 400;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly string _indexDirectory = Directory.CreateTempSubdirectory("carsearch-kill-index-").FullName;

    public void Dispose() => Directory.Delete(_indexDirectory, recursive: true);

    [Fact]
    public async Task ServeKilledMidBurstLosesNothingAndFinishesTheBurstWhenStartedAgain()
    {
        var container = ServeInstance.NewContainerName();
        var blobs = new BlobContainerClient(azurite.ConnectionString, container);
        await blobs.CreateIfNotExistsAsync();
        var photos = BurstPhotos.Draw(80);
        var names = Enumerable.Range(0, Uploads).Select(i => $"kill/{i:D3}.jpg").ToList();

        long indexedAtKill;
        using (var first = CliChildProcess.Serve(azurite, container, _indexDirectory))
        {
            using var client = new HttpClient { BaseAddress = await first.WaitUntilListeningAsync() };
            await BurstPhotos.UploadAsync(blobs, names.Select((name, i) => (name, photos[i % photos.Count])), 32);
            indexedAtKill = Indexed(await IngestStatusPolling.WaitForAsync(
                client, status => Indexed(status) >= Uploads / 4, "a quarter of the burst indexed", first.Output, Deadline));
            first.Kill();
        }

        using var second = CliChildProcess.Serve(azurite, container, _indexDirectory);
        using var again = new HttpClient { BaseAddress = await second.WaitUntilListeningAsync() };
        var opened = second.Output.Lines.First(line => line.Contains("documents", StringComparison.Ordinal));
        await IngestStatusPolling.WaitForAsync(again, status => Indexed(status) == Uploads, "the whole burst indexed after the restart", second.Output, Deadline);

        var status = await again.GetFromJsonAsync<JsonElement>("/api/ingest/status");
        Assert.Equal((0L, 0L), (status.GetProperty("failed").GetInt64(), status.GetProperty("pending").GetInt64()));
        var found = (await again.GetFromJsonAsync<JsonElement>("/api/search?q=car&top=100")).GetProperty("results").EnumerateArray()
            .Select(result => result.GetProperty("name").GetString()).ToList();
        Assert.Equal(found.Count, found.Distinct().Count());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Killed with {indexedAtKill} of {Uploads} indexed; restarted: {opened}"));
    }

    private static long Indexed(JsonElement status) => status.GetProperty("indexed").GetInt64();
}
