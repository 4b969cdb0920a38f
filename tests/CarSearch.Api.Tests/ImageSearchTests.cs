using System.Net.Http.Headers;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Tests;

namespace CarSearch.Api.Tests;

/// <summary>POST /api/search/image: a photo finds itself first, however it is sent.</summary>
[Collection(KitApi.Name)]
public sealed class ImageSearchTests(KitApiFixture fixture)
{
    /// <summary>The same bytes through the same pipeline: the cosine is 1 up to float rounding.</summary>
    private const double SelfScore = 0.9999;

    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string> Images => KitCatalog.ImageFiles();

    [Theory]
    [MemberData(nameof(Images))]
    public async Task APhotoFindsItselfFirst(string file)
    {
        using var body = new ByteArrayContent(KitCatalog.Image(file).ReadBytes());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        var search = await ApiAssert.SearchAsync(await _client.PostAsync("/api/search/image?top=3", body));

        Assert.Equal(3, search.Results.Count);
        Assert.Equal(file, search.Results[0].Name);
        Assert.True(search.Results[0].Score >= SelfScore, $"self score {search.Results[0].Score}");
        Assert.True(search.Results[1].Score < search.Results[0].Score);
    }

    /// <summary>curl --data-binary sends form-urlencoded; a browser's fetch may send nothing or the file's type.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("image/jpeg")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain")]
    public async Task TheRawBodyIsTheImageWhateverItsContentType(string? contentType)
    {
        var image = KitCatalog.Images[0];
        using var body = new ByteArrayContent(image.ReadBytes());
        body.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        var search = await ApiAssert.SearchAsync(await _client.PostAsync("/api/search/image?top=1", body));

        Assert.Equal(image.File, Assert.Single(search.Results).Name);
    }

    [Fact]
    public async Task AMultipartFormSendsTheImageInItsImageField()
    {
        var image = KitCatalog.Images[^1];
        using var form = new MultipartFormDataContent
        {
            // Another field first: the image is found by name, not position.
            { new StringContent("a note from the form"), "note" },
            { new ByteArrayContent(image.ReadBytes()), "image", image.File },
        };

        var search = await ApiAssert.SearchAsync(await _client.PostAsync("/api/search/image?top=2", form));

        Assert.Equal(2, search.Results.Count);
        Assert.Equal(image.File, search.Results[0].Name);
        Assert.True(search.Results[0].Score >= SelfScore);
    }

    [Fact]
    public async Task AnImageAsLargeAsTheLimitIsAccepted()
    {
        var image = KitCatalog.Images.MaxBy(image => image.ReadBytes().Length)!;
        var padded = new byte[ApiTestHost.UploadLimit];
        image.ReadBytes().CopyTo(padded, 0); // trailing zeros after the image's end are ignored by the decoders

        using var body = new ByteArrayContent(padded);
        var response = await _client.PostAsync("/api/search/image?top=1", body);

        Assert.Equal(image.File, Assert.Single((await ApiAssert.SearchAsync(response)).Results).Name);
    }
}
