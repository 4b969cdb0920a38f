using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using CarSearch.Cli.Tests.Infrastructure;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Serve;

/// <summary>
/// A re-index on <c>carsearch serve</c> runs through the same durable queue as on the Functions app: it finishes, its
/// progress is what storage holds, and serve killed in the middle finishes it when started again.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class ReindexTests(AzuriteServer azurite) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly string _indexDirectory = Directory.CreateTempSubdirectory("carsearch-reindex-index-").FullName;

    public void Dispose() => Directory.Delete(_indexDirectory, recursive: true);

    [Fact]
    public async Task AForcedReindexReembedsEveryImageAndReportsItDone()
    {
        await using var serve = await ServeInstance.StartAsync(azurite, ServeInstance.NewContainerName(), _indexDirectory);
        var photos = BurstPhotos.Draw(40);
        await BurstPhotos.UploadAsync(serve.Container, photos.Select((photo, i) => ($"cars/{i:D2}.jpg", photo)), 16);
        await serve.WaitUntilIndexedAsync(photos.Count);

        using var started = await serve.Client.PostAsync(new Uri("/api/admin/reindex?force=true", UriKind.Relative), content: null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var status = await serve.WaitForStatusAsync(
            s => s.GetProperty("reindex") is { ValueKind: JsonValueKind.Object } r && !r.GetProperty("running").GetBoolean(),
            "the re-index finished");

        var reindex = status.GetProperty("reindex");
        Assert.Equal((40L, 40L, 0L), (reindex.GetProperty("total").GetInt64(), reindex.GetProperty("done").GetInt64(), reindex.GetProperty("failed").GetInt64()));
        Assert.Equal(40, serve.Log.Lines.Count(line => line.Contains(" Indexed 'cars/", StringComparison.Ordinal)) - 40);
    }

    [Fact]
    public async Task ServeKilledMidReindexFinishesTheSameJobWhenStartedAgain()
    {
        var container = ServeInstance.NewContainerName();
        var blobs = new BlobContainerClient(azurite.ConnectionString, container);
        await blobs.CreateIfNotExistsAsync();
        var photos = BurstPhotos.Draw(60);
        const int count = 400;
        await BurstPhotos.UploadAsync(blobs, Enumerable.Range(0, count).Select(i => ($"many/{i:D3}.jpg", photos[i % photos.Count])), 32);

        JsonElement before;
        using (var first = CliChildProcess.Serve(azurite, container, _indexDirectory))
        {
            using var client = new HttpClient { BaseAddress = await first.WaitUntilListeningAsync() };
            await IngestStatusPolling.WaitForAsync(client, s => s.GetProperty("indexed").GetInt64() == count, "all indexed", first.Output, Deadline);
            using var started = await client.PostAsync(new Uri("/api/manage/reindex?force=true", UriKind.Relative), content: null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            before = await IngestStatusPolling.WaitForAsync(
                client, s => Reindex(s) is { } r && r.GetProperty("done").GetInt64() > 0, "the re-index under way", first.Output, Deadline);
            first.Kill();
        }

        using var second = CliChildProcess.Serve(azurite, container, _indexDirectory);
        using var again = new HttpClient { BaseAddress = await second.WaitUntilListeningAsync() };
        var after = await IngestStatusPolling.WaitForAsync(
            again, s => Reindex(s) is { } r && !r.GetProperty("running").GetBoolean(), "the re-index finished after the restart", second.Output, Deadline);

        var (was, now) = (Reindex(before)!.Value, Reindex(after)!.Value);
        Assert.True(was.GetProperty("done").GetInt64() < count, "serve was killed before the re-index ended");
        Assert.Equal(was.GetProperty("startedAt").GetDateTimeOffset(), now.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(((long)count, (long)count, 0L), (now.GetProperty("total").GetInt64(), now.GetProperty("done").GetInt64(), now.GetProperty("failed").GetInt64()));
    }

    private static JsonElement? Reindex(JsonElement status) =>
        status.GetProperty("reindex") is { ValueKind: JsonValueKind.Object } reindex ? reindex : null;
}
