using System.Net;
using System.Net.Http.Headers;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Tests;
using SixLabors.ImageSharp;

namespace CarSearch.Api.Tests;

/// <summary>
/// GET /api/images/{id}/thumbnail: a small JPEG of an indexed image. The kit host indexes its images as a store from
/// before thumbnails would hold them (none stored), so these also show the route making a missing one.
/// </summary>
[Collection(KitApi.Name)]
public sealed class ThumbnailEndpointTests(KitApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string> Images => KitCatalog.ImageFiles();

    [Theory]
    [MemberData(nameof(Images))]
    public async Task AThumbnailIsAJpegAtMost384PixelsKeepingTheAspectAndNeverEnlarged(string file)
    {
        var image = KitCatalog.Image(file);

        var response = await _client.GetAsync(ThumbnailUrl(file));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var info = Image.Identify(bytes);
        Assert.Equal("JPEG", ImageFormats.Detect(bytes)?.Name);

        // The catalog gives the stored size; a rotated photo's thumbnail is upright, so compare sides sorted.
        var (shortSide, longSide) = (Math.Min(image.Width, image.Height), Math.Max(image.Width, image.Height));
        var (thumbShort, thumbLong) = (Math.Min(info.Width, info.Height), Math.Max(info.Width, info.Height));
        Assert.Equal(Math.Min(longSide, ImageThumbnail.MaxSide), thumbLong);
        Assert.InRange(thumbShort, Math.Floor((double)shortSide * thumbLong / longSide), Math.Ceiling((double)shortSide * thumbLong / longSide));
    }

    [Fact]
    public async Task AThumbnailIsRevalidatedAndKeptWithTheHashOfTheBytesItShows()
    {
        var file = KitCatalog.Images[0].File;

        var response = await _client.GetAsync(ThumbnailUrl(file));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotNull(response.Headers.ETag);
        var stored = fixture.Host.Thumbnails.Find(file);
        Assert.NotNull(stored);
        Assert.Equal(IngestService.ContentHashOf(KitCatalog.Image(file).ReadBytes()), stored.SourceHash);
        Assert.Equal(stored.Content.ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ACurrentETagIsAnsweredNotModifiedWithoutReadingStorage()
    {
        await using var host = await ApiTestHost.StartAsync();
        var image = KitCatalog.Images[0];
        await host.AddImageAsync(image, new Dictionary<string, string>());
        var first = await host.Client.GetAsync(ThumbnailUrl(image.File));
        var readsBefore = host.Thumbnails.Reads;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, ThumbnailUrl(image.File));
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var stale = new HttpRequestMessage(HttpMethod.Get, ThumbnailUrl(image.File));
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000000000000000\""));

        var notModified = await host.Client.SendAsync(conditional);
        var readsForNotModified = host.Thumbnails.Reads - readsBefore;
        var full = await host.Client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, notModified.Headers.ETag);
        Assert.True(notModified.Headers.CacheControl?.NoCache);
        Assert.Equal(0, readsForNotModified);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await full.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AThumbnailOfReplacedBytesIsMadeAgainWithANewETag()
    {
        await using var host = await ApiTestHost.StartAsync();
        var small = KitCatalog.Images.First(i => Math.Max(i.Width, i.Height) < ImageThumbnail.MaxSide);
        var large = KitCatalog.Images.First(i => Math.Min(i.Width, i.Height) > ImageThumbnail.MaxSide);
        await host.AddImageAsync(small, new Dictionary<string, string>());
        var before = await host.Client.GetAsync(ThumbnailUrl(small.File));

        // The file is overwritten and indexed again (as the ingest would), but its stored thumbnail still shows the old bytes.
        await host.Store.UploadAsync(small.File, large.ReadBytes(), new Dictionary<string, string>());
        var document = await host.Index.GetAsync(DocumentId.FromName(small.File));
        await host.Index.UpsertAsync(document! with { ContentHash = IngestService.ContentHashOf(large.ReadBytes()) });
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, ThumbnailUrl(small.File));
        revalidation.Headers.IfNoneMatch.Add(before.Headers.ETag!);

        var after = await host.Client.SendAsync(revalidation);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        var info = Image.Identify(await after.Content.ReadAsByteArrayAsync());
        Assert.Equal(ImageThumbnail.MaxSide, Math.Max(info.Width, info.Height));
        Assert.Equal(IngestService.ContentHashOf(large.ReadBytes()), host.Thumbnails.Find(small.File)?.SourceHash);
    }

    [Fact]
    public async Task AnUnknownIdIsNotFound()
    {
        var response = await _client.GetAsync(ThumbnailUrl("no-such-car.jpg"));

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, "no-such-car.jpg");
    }

    [Fact]
    public async Task AnIndexedImageWhoseFileIsGoneHasNoThumbnail()
    {
        await using var host = await ApiTestHost.StartAsync();
        var image = KitCatalog.Images[0];
        await host.AddImageAsync(image, new Dictionary<string, string>());
        await host.Store.DeleteAsync(image.File);

        var response = await host.Client.GetAsync(ThumbnailUrl(image.File));

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, image.File, "no longer in storage");
    }

    [Fact]
    public async Task AFileReplacedByANonImageIsNotFoundNamingWhy()
    {
        await using var host = await ApiTestHost.StartAsync();
        var image = KitCatalog.Images[0];
        await host.AddImageAsync(image, new Dictionary<string, string>());
        await host.Store.UploadAsync(image.File, "not a photo"u8.ToArray(), new Dictionary<string, string>());

        var response = await host.Client.GetAsync(ThumbnailUrl(image.File));

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, image.File, "no longer a usable image");
    }

    private static string ThumbnailUrl(string file) => $"/api/images/{Uri.EscapeDataString(DocumentId.FromName(file))}/thumbnail";
}
