using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Storage.Blobs;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Storage;
using CarSearch.Tests;
using SixLabors.ImageSharp;

namespace CarSearch.Cli.Tests.Serve;

/// <summary>
/// Thumbnails through <c>carsearch serve</c> on a real Azurite: its watcher's ingest writes them, search results link
/// them, both image routes revalidate with 304, and its watcher replaces them on overwrite and removes them on delete.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class ThumbnailServeTests(AzuriteServer azurite) : IDisposable
{
    private const string Name = "showroom/car.jpg";

    /// <summary>Deletes are seen by the watcher's listing; a short interval keeps the test short.</summary>
    private static readonly Dictionary<string, string?> Settings = new() { ["CarSearch:Ingest:ReconciliationInterval"] = "00:00:01" };

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly string _indexDirectory = Directory.CreateTempSubdirectory("carsearch-serve-index-").FullName;
    private readonly string _container = ServeInstance.NewContainerName();

    public void Dispose() => Directory.Delete(_indexDirectory, recursive: true);

    [Fact]
    public async Task SearchResultsLinkAThumbnailThatRevalidatesLikeTheContent()
    {
        await using var serve = await ServeInstance.StartAsync(azurite, _container, _indexDirectory, Settings);
        await serve.UploadKitImageAsync(Kit.Large, Name);
        await serve.WaitUntilIndexedAsync(1);

        var results = (await serve.GetJsonAsync("/api/search?q=car")).GetProperty("results");
        var thumbnailUrl = new Uri(results[0].GetProperty("thumbnailUrl").GetString()!, UriKind.Relative);
        var contentUrl = new Uri(results[0].GetProperty("imageUrl").GetString()!, UriKind.Relative);

        using var thumbnail = await serve.Client.GetAsync(thumbnailUrl);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        var info = Image.Identify(await thumbnail.Content.ReadAsByteArrayAsync());
        Assert.Equal(ImageThumbnail.MaxSide, Math.Max(info.Width, info.Height));
        foreach (var url in new[] { thumbnailUrl, contentUrl })
        {
            using var first = await serve.Client.GetAsync(url);
            using var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            using var notModified = await serve.Client.SendAsync(again);

            Assert.True(first.Headers.CacheControl?.NoCache, url.ToString());
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task AnOverwriteReplacesTheThumbnailAndADeleteRemovesIt()
    {
        await using var serve = await ServeInstance.StartAsync(azurite, _container, _indexDirectory, Settings);
        var thumbnails = new BlobThumbnailStore(new BlobContainerClient(azurite.ConnectionString, StorageOptions.DefaultThumbnailContainer), _container);
        var url = new Uri($"/api/images/{Uri.EscapeDataString(DocumentId.FromName(Name))}/thumbnail", UriKind.Relative);
        await serve.UploadKitImageAsync(Kit.Large, Name);
        await serve.WaitUntilIndexedAsync(1);
        using var before = await serve.Client.GetAsync(url);

        await serve.UploadKitImageAsync(Kit.Medium, Name);
        var mediumHash = IngestService.ContentHashOf(await File.ReadAllBytesAsync(ReferenceKit.PathOf("images", Kit.Medium)));
        await EventuallyAsync(async () => (await thumbnails.GetAsync(Name))?.SourceHash == mediumHash, "the thumbnail of the new bytes");
        // The ETag comes from the index, which an ingest writes after the thumbnail: revalidate once both hold the new bytes.
        var image = $"/api/images/{Uri.EscapeDataString(DocumentId.FromName(Name))}";
        await EventuallyAsync(async () => (await serve.GetJsonAsync(image)).GetProperty("contentHash").GetString() == mediumHash, "the new bytes indexed");
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, url);
        revalidation.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await serve.Client.SendAsync(revalidation);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        var info = Image.Identify(await after.Content.ReadAsByteArrayAsync());
        Assert.Equal((384, 288), (info.Width, info.Height));

        await serve.Container.DeleteBlobAsync(Name);
        await serve.WaitUntilIndexedAsync(0);

        await EventuallyAsync(async () => await thumbnails.GetAsync(Name) is null, "the thumbnail removed");
        using var gone = await serve.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Not seen within {Deadline}: {what}.");
            await Task.Delay(200);
        }
    }

    /// <summary>Kit photos by size: one far over the thumbnail size, one 640x480 (its thumbnail is 384x288).</summary>
    private static class Kit
    {
        public static string Large { get; } = ByName(name => name.Contains("3000x2000", StringComparison.Ordinal));

        public static string Medium { get; } = ByName(name => name.Contains("640x480", StringComparison.Ordinal) && name.EndsWith(".jpg", StringComparison.Ordinal));

        private static string ByName(Func<string, bool> match) => ReferenceGoldens.Images.Select(image => image.File).First(match);
    }
}
