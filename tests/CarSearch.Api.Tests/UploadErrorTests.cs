using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Tests;

namespace CarSearch.Api.Tests;

/// <summary>POST /api/search/image refuses what is not a usable image with the status that says why.</summary>
[Collection(KitApi.Name)]
public sealed class UploadErrorTests(KitApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private static string LimitInWords => $"{ApiTestHost.UploadLimit:N0} bytes";

    [Fact]
    public async Task ABodyOverTheLimitWithItsLengthIsTooLarge()
    {
        using var body = new ByteArrayContent(OverLimit());

        var response = await _client.PostAsync("/api/search/image", body);

        Assert.Equal(ApiTestHost.UploadLimit + 1, body.Headers.ContentLength);
        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "larger than the limit", LimitInWords);
    }

    [Fact]
    public async Task AChunkedBodyOverTheLimitIsCutOffWhileItIsRead()
    {
        using var body = new StreamContent(new UnknownLengthStream(OverLimit()));

        var response = await _client.PostAsync("/api/search/image", body);

        Assert.Null(body.Headers.ContentLength);
        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "larger than the limit", LimitInWords);
    }

    [Fact]
    public async Task AMultipartImageOverTheLimitIsTooLarge()
    {
        using var form = new MultipartFormDataContent { { new StreamContent(new UnknownLengthStream(OverLimit())), "image", "big.jpg" } };

        var response = await _client.PostAsync("/api/search/image", form);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "larger than the limit", LimitInWords);
    }

    [Fact]
    public async Task AnImageWithTooManyPixelsIsTooLarge()
    {
        using var body = new ByteArrayContent(HostileInputs.PngClaiming(20_000, 20_000));

        var response = await _client.PostAsync("/api/search/image", body);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "megapixels", "20000x20000");
    }

    [Fact]
    public async Task ATextFileIsNotAnImage()
    {
        using var body = new StringContent("These are the notes about my car, not a photo of it.", Encoding.UTF8, "text/plain");

        var response = await _client.PostAsync("/api/search/image", body);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "not an image format", "JPEG", "PNG");
    }

    [Fact]
    public async Task AHeicPhotoIsAnUnsupportedFormat()
    {
        using var body = new ByteArrayContent(HostileInputs.IsoMedia("heic", "mif1", "heic"));
        body.Headers.ContentType = new MediaTypeHeaderValue("image/heic");

        var response = await _client.PostAsync("/api/search/image", body);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "HEIC", "not supported");
    }

    [Fact]
    public async Task ATruncatedJpegIsRefusedAsUnreadable()
    {
        var jpeg = KitCatalog.Images.First(image => image.Format == "JPEG").ReadBytes();

        using var body = new ByteArrayContent(jpeg[..(jpeg.Length / 2)]);
        var response = await _client.PostAsync("/api/search/image", body);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "JPEG");
    }

    [Fact]
    public async Task AnEmptyBodyIsABadRequest()
    {
        using var body = new ByteArrayContent([]);

        var response = await _client.PostAsync("/api/search/image", body);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "empty", "\"image\"");
    }

    [Fact]
    public async Task AMultipartBodyWithoutTheImageFieldIsABadRequest()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(KitCatalog.Images[0].ReadBytes()), "photo", "car.jpg" },
        };

        var response = await _client.PostAsync("/api/search/image", form);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "no field named \"image\"");
    }

    [Fact]
    public async Task AnEmptyImageFieldIsABadRequest()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent([]), "image", "car.jpg" } };

        var response = await _client.PostAsync("/api/search/image", form);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "\"image\"", "empty");
    }

    [Fact]
    public async Task AMultipartBodyWithoutABoundaryIsABadRequest()
    {
        using var body = new ByteArrayContent(KitCatalog.Images[0].ReadBytes());
        body.Headers.ContentType = new MediaTypeHeaderValue("multipart/form-data");

        var response = await _client.PostAsync("/api/search/image", body);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "boundary");
    }

    [Fact]
    public async Task AnImageAfterAnErrorStillSearches()
    {
        using var bad = new ByteArrayContent(HostileInputs.RandomBytes(7, 4096));
        using var good = new ByteArrayContent(KitCatalog.Images[0].ReadBytes());

        var refused = await _client.PostAsync("/api/search/image", bad);
        var found = await ApiAssert.SearchAsync(await _client.PostAsync("/api/search/image?top=1", good));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal(KitCatalog.Images[0].File, Assert.Single(found.Results).Name);
    }

    /// <summary>A JPEG start, padded to one byte over the limit: only the size is wrong.</summary>
    private static byte[] OverLimit()
    {
        var bytes = new byte[ApiTestHost.UploadLimit + 1];
        KitCatalog.Images.First(image => image.Format == "JPEG").ReadBytes().CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>A body whose length HttpClient cannot know, so it is sent without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
