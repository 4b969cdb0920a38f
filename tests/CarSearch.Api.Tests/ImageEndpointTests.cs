using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using CarSearch.Api.Model;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Tests;

namespace CarSearch.Api.Tests;

/// <summary>GET /api/images/{id} and /content: what is indexed about an image, and its bytes.</summary>
[Collection(KitApi.Name)]
public sealed class ImageEndpointTests(KitApiFixture fixture)
{
    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["JPEG"] = "image/jpeg",
        ["PNG"] = "image/png",
        ["GIF"] = "image/gif",
        ["WEBP"] = "image/webp",
        ["BMP"] = "image/bmp",
        ["TIFF"] = "image/tiff",
    };

    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string> Images => KitCatalog.ImageFiles();

    [Theory]
    [MemberData(nameof(Images))]
    public async Task AnImageShowsItsDocumentWithoutTheEmbedding(string file)
    {
        var image = KitCatalog.Image(file);
        var bytes = image.ReadBytes();
        var id = DocumentId.FromName(file);

        var response = await _client.GetAsync($"/api/images/{Uri.EscapeDataString(id)}");

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["id", "name", "contentHash", "width", "height", "format", "sizeBytes", "metadata", "modelId", "indexedAt", "imageUrl", "similarUrl", "thumbnailUrl", "duplicatesUrl"],
            json.EnumerateObject().Select(p => p.Name));
        var document = json.Deserialize<ImageResponse>(JsonSerializerOptions.Web)!;
        Assert.Equal(id, document.Id);
        Assert.Equal(file, document.Name);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), document.ContentHash);
        Assert.Equal((image.Width, image.Height, image.Format, (long)bytes.Length), (document.Width, document.Height, document.Format, document.SizeBytes));
        Assert.Equal(image.Format, document.Metadata[KitApiFixture.FormatField]);
        Assert.Equal(fixture.Host.Embedder.ModelId, document.ModelId);
        Assert.Equal($"/api/images/{Uri.EscapeDataString(id)}/content", document.ImageUrl);
        Assert.Equal($"/api/images/{Uri.EscapeDataString(id)}/similar", document.SimilarUrl);
        Assert.Equal($"/api/images/{Uri.EscapeDataString(id)}/thumbnail", document.ThumbnailUrl);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task ContentIsTheStoredBytesWithTheirType(string file)
    {
        var image = KitCatalog.Image(file);

        var response = await _client.GetAsync($"/api/images/{Uri.EscapeDataString(DocumentId.FromName(file))}/content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(image.ReadBytes(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(MediaTypes[image.Format], response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
    }

    [Fact]
    public async Task ContentAnswersNotModifiedToACurrentETag()
    {
        var url = $"/api/images/{Uri.EscapeDataString(DocumentId.FromName(KitCatalog.Images[0].File))}/content";
        var first = await _client.GetAsync(url);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000000000000000\""));

        var notModified = await _client.SendAsync(conditional);
        var full = await _client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(KitCatalog.Images[0].ReadBytes(), await full.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ContentServesTheBytesStoredNowWithTheirOwnTypeNotTheUploadersClaim()
    {
        // Same names in another host: the file was replaced by another format after indexing, with a hostile type.
        await using var host = await ApiTestHost.StartAsync();
        var png = KitCatalog.Images.First(i => i.Format == "PNG");
        var jpeg = KitCatalog.Images.First(i => i.Format == "JPEG");
        await host.AddImageAsync(png, new Dictionary<string, string>());
        await host.Store.UploadAsync(png.File, jpeg.ReadBytes(), new Dictionary<string, string>(), "text/html");

        var response = await host.Client.GetAsync($"/api/images/{Uri.EscapeDataString(DocumentId.FromName(png.File))}/content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(jpeg.ReadBytes(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ContentReplacedByAFormatWeRefuseIsServedAsThatFormat()
    {
        await using var host = await ApiTestHost.StartAsync();
        var png = KitCatalog.Images.First(i => i.Format == "PNG");
        await host.AddImageAsync(png, new Dictionary<string, string>());
        await host.Store.UploadAsync(png.File, HostileInputs.IsoMedia("heic", "mif1", "heic"), new Dictionary<string, string>(), "image/png");

        var response = await host.Client.GetAsync($"/api/images/{Uri.EscapeDataString(DocumentId.FromName(png.File))}/content");

        Assert.Equal("image/heic", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void TheApiNamesImageTypesFromCoresTableNotFromImageSharp()
    {
        // Core owns decoding; an ImageSharp call here would detect formats with a configuration other than the decoder's.
        Assert.DoesNotContain(
            typeof(CarSearchApi).Assembly.GetReferencedAssemblies(),
            reference => reference.Name == typeof(SixLabors.ImageSharp.Image).Assembly.GetName().Name);
    }

    [Fact]
    public async Task AnIndexedImageWhoseFileIsGoneIsNotFound()
    {
        await using var host = await ApiTestHost.StartAsync();
        var image = KitCatalog.Images[0];
        await host.AddImageAsync(image, new Dictionary<string, string>());
        await host.Store.DeleteAsync(image.File);

        var response = await host.Client.GetAsync($"/api/images/{Uri.EscapeDataString(DocumentId.FromName(image.File))}/content");

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, image.File, "no longer in storage");
    }
}
