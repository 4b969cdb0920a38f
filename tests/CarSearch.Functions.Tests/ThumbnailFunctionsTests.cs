using CarSearch.Tests;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Functions.Http;
using CarSearch.Functions.Ingest;
using CarSearch.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SixLabors.ImageSharp;

namespace CarSearch.Functions.Tests;

/// <summary>
/// Thumbnails in the Functions app: the blob trigger writes one, the thumbnail function serves it with an ETag that
/// revalidates to 304 (as the content function does), an overwrite replaces it and a BlobDeleted event removes it.
/// </summary>
[Collection(WithAzurite.Name)]
public sealed class ThumbnailFunctionsTests(FunctionsEnvironment environment) : OwnHostTests(environment)
{
    private const string Name = "lot 7/voiture.jpg";

    private static readonly KitImage Large = KitCatalog.Images.First(i => Math.Min(i.Width, i.Height) > ImageThumbnail.MaxSide);

    private static readonly KitImage Small = KitCatalog.Images.First(i => Math.Max(i.Width, i.Height) < ImageThumbnail.MaxSide);

    private static string Id => DocumentId.FromName(Name);

    [Fact]
    public async Task TheTriggerWritesTheThumbnailTheFunctionServes()
    {
        await Host.UploadAsync(Name, Large.ReadBytes());
        await Host.IngestAsync(Name);

        var answer = await GetThumbnailAsync();

        Assert.Equal(StatusCodes.Status200OK, answer.StatusCode);
        Assert.Equal("image/jpeg", answer.ContentType);
        var stored = await Host.Thumbnails.GetAsync(Name);
        Assert.Equal(IngestService.ContentHashOf(Large.ReadBytes()), stored?.SourceHash);
        Assert.Equal(stored!.Content.ToArray(), answer.Body);
        var info = Image.Identify(answer.Body);
        Assert.Equal(ImageThumbnail.SizeFor(Large.Width, Large.Height), (info.Width, info.Height));
    }

    [Theory]
    [InlineData("thumbnail")]
    [InlineData("content")]
    public async Task BothImageRoutesAnswerNotModifiedToTheirCurrentETag(string route)
    {
        await Host.UploadAsync(Name, Large.ReadBytes());
        await Host.IngestAsync(Name);
        var first = await GetAsync(route);

        var again = await GetAsync(route, new Dictionary<string, string> { [HeaderNames.IfNoneMatch] = first.Headers.ETag.ToString() });
        var stale = await GetAsync(route, new Dictionary<string, string> { [HeaderNames.IfNoneMatch] = "\"0000000000000000\"" });

        Assert.Equal(StatusCodes.Status200OK, first.StatusCode);
        Assert.Equal("no-cache", first.Headers.CacheControl.ToString());
        Assert.False(string.IsNullOrEmpty(first.Headers.ETag.ToString()));
        Assert.Equal(StatusCodes.Status304NotModified, again.StatusCode);
        Assert.Empty(again.Body);
        Assert.Equal(first.Headers.ETag.ToString(), again.Headers.ETag.ToString());
        Assert.Equal(StatusCodes.Status200OK, stale.StatusCode);
        Assert.Equal(first.Body, stale.Body);
    }

    [Fact]
    public async Task AnOverwriteThroughTheTriggerReplacesTheThumbnailAndItsETag()
    {
        await Host.UploadAsync(Name, Small.ReadBytes());
        await Host.IngestAsync(Name);
        var before = await GetThumbnailAsync();

        await Host.UploadAsync(Name, Large.ReadBytes());
        await Host.IngestAsync(Name);
        var after = await GetThumbnailAsync(new Dictionary<string, string> { [HeaderNames.IfNoneMatch] = before.Headers.ETag.ToString() });

        Assert.Equal(StatusCodes.Status200OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag.ToString(), after.Headers.ETag.ToString());
        Assert.Equal(IngestService.ContentHashOf(Large.ReadBytes()), (await Host.Thumbnails.GetAsync(Name))?.SourceHash);
        var info = Image.Identify(after.Body);
        Assert.Equal(ImageThumbnail.MaxSide, Math.Max(info.Width, info.Height));
    }

    [Fact]
    public async Task ABlobDeletedEventRemovesTheThumbnailAndTheRouteThenKnowsNoSuchImage()
    {
        await Host.UploadAsync(Name, Large.ReadBytes());
        await Host.IngestAsync(Name);
        Assert.NotNull(await Host.Thumbnails.GetAsync(Name));

        await Host.Blobs.DeleteAsync(Name);
        await Host.InvokeAsync<ImageDeleted>(function => function.Run(
            BlobEvents.Message(BlobEvents.Shape.EventGridJson, BlobEvents.Deleted, Host.Container, Name, Host.Blob(Name).Uri),
            CancellationToken.None));

        Assert.Null(await Host.Thumbnails.GetAsync(Name));
        (await GetThumbnailAsync()).AssertProblem(StatusCodes.Status404NotFound, Id);
    }

    private Task<HttpAnswer> GetThumbnailAsync(IReadOnlyDictionary<string, string>? headers = null) => GetAsync("thumbnail", headers);

    private Task<HttpAnswer> GetAsync(string route, IReadOnlyDictionary<string, string>? headers = null) =>
        Host.HttpAsync<ImageFunctions>(
            "GET",
            $"images/{Uri.EscapeDataString(Id)}/{route}",
            (function, request) => route == "thumbnail" ? function.GetImageThumbnail(request, Id) : function.GetImageContent(request, Id),
            headers: headers);
}
