using System.Buffers;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Ingest.Tests.Infrastructure;
using CarSearch.Storage;
using CarSearch.Tests;

namespace CarSearch.Ingest.Tests.Storage;

/// <summary>The image store against a real Azurite: what the API serves and reconciliation lists.</summary>
[Collection(WithAzuriteAndModel.Name)]
public sealed class BlobImageStoreTests(IngestEnvironment environment)
{
    private readonly BlobContainerClient _container =
        new BlobServiceClient(environment.Azurite.ConnectionString).GetBlobContainerClient("store-" + Guid.NewGuid().ToString("N")[..16]);

    private BlobImageStore Store => new(_container);

    private ImageBlobs Blobs => new(_container);

    public static TheoryData<string> MetadataValues => new()
    {
        "Alfa Romeo",
        "Citroën",
        "トヨタ 車",
        "  padded on both ends  ",
        "100% original",
        "%41 is not an A",
        "line\nbreak\ttab",
        "emoji 🚗",
        "",
    };

    [Fact]
    public async Task EnsureExistsCreatesAMissingContainerAndIsIdempotent()
    {
        Assert.False((await _container.ExistsAsync()).Value);

        await Store.EnsureExistsAsync();
        await Store.EnsureExistsAsync();

        Assert.True((await _container.ExistsAsync()).Value);
    }

    [Fact]
    public async Task AnUploadedImageComesBackWithItsBytesMetadataAndContentType()
    {
        await Store.EnsureExistsAsync();
        var image = KitCatalog.Images[0];
        var bytes = image.ReadBytes();
        var metadata = KitCatalog.MetadataFor(image);

        await Blobs.UploadAsync("cars/" + image.File, bytes, metadata);
        await _container.GetBlobClient("cars/" + image.File).SetHttpHeadersAsync(new BlobHttpHeaders { ContentType = "image/x-test" });
        var stored = await Store.GetAsync("cars/" + image.File);

        Assert.NotNull(stored);
        Assert.Equal("cars/" + image.File, stored.Name);
        Assert.Equal(bytes, stored.Content.ToArray());
        Assert.Equal("image/x-test", stored.ContentType);
        Assert.Equal(metadata, stored.Metadata.ToDictionary());
        Assert.True(stored.LastModified > DateTimeOffset.UtcNow.AddHours(-1));
    }

    [Theory]
    [MemberData(nameof(MetadataValues))]
    public async Task AnyMetadataValueRoundTrips(string value)
    {
        await Store.EnsureExistsAsync();

        await Blobs.UploadAsync("car.png", new byte[] { 1, 2, 3 }, new Dictionary<string, string> { ["note"] = value });

        Assert.Equal(value, (await Store.GetAsync("car.png"))!.Metadata["note"]);
        Assert.Equal(value, (await Store.GetInfoAsync("car.png"))!.Metadata["note"]);
        Assert.Equal(value, (await Store.ListAsync().SingleAsync()).Metadata["note"]);
    }

    [Fact]
    public async Task MetadataNamesAreCaseInsensitiveAsInAzure()
    {
        await Store.EnsureExistsAsync();

        await Blobs.UploadAsync("car.png", new byte[] { 1 }, new Dictionary<string, string> { ["Colour"] = "red" });

        Assert.Equal("red", (await Store.GetAsync("car.png"))!.Metadata["colour"]);
    }

    [Theory]
    [InlineData("body-type")]
    [InlineData("2door")]
    [InlineData("année")]
    [InlineData("with space")]
    public async Task AMetadataNameBlobsCannotHoldIsRefusedSayingWhich(string name)
    {
        await Store.EnsureExistsAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Blobs.UploadAsync("car.png", new byte[] { 1 }, new Dictionary<string, string> { [name] = "x" }));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUploadGetsTheContentTypeOfItsExtension()
    {
        await Store.EnsureExistsAsync();
        var image = KitCatalog.Images[0];

        await Blobs.UploadAsync(image.File, image.ReadBytes(), new Dictionary<string, string>());

        Assert.Equal(ImageFormats.ContentTypeOfFileName(image.File), (await Store.GetAsync(image.File))!.ContentType);
        Assert.StartsWith("image/", ImageFormats.ContentTypeOfFileName(image.File), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListingGivesEveryImageInNameOrderWithSizeAndMetadata()
    {
        await Store.EnsureExistsAsync();
        foreach (var image in KitCatalog.Images.Reverse())
        {
            await Blobs.UploadAsync(image.File, image.ReadBytes(), KitCatalog.MetadataFor(image));
        }

        var listed = await Store.ListAsync().ToListAsync();

        Assert.Equal(KitCatalog.Images.Select(i => i.File).Order(StringComparer.Ordinal), listed.Select(i => i.Name));
        foreach (var image in KitCatalog.Images)
        {
            var info = listed.Single(i => i.Name == image.File);
            Assert.Equal(image.ReadBytes().Length, info.SizeBytes);
            Assert.Equal(KitCatalog.MetadataFor(image), info.Metadata.ToDictionary());
        }
    }

    [Fact]
    public async Task ListingAMissingContainerFailsInsteadOfLookingEmpty()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => Store.ListAsync().ToListAsync().AsTask());

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task AMissingOrDeletedImageIsNull()
    {
        await Store.EnsureExistsAsync();
        await Blobs.UploadAsync("car.png", new byte[] { 1, 2 }, new Dictionary<string, string>());

        Assert.Null(await Store.GetAsync("other.png"));
        Assert.Null(await Store.GetInfoAsync("other.png"));
        await Blobs.DeleteAsync("car.png");
        Assert.Null(await Store.GetAsync("car.png"));
    }

    [Fact]
    public async Task InfoTellsSizeDateAndMetadataWithoutTheBytes()
    {
        await Store.EnsureExistsAsync();
        await Blobs.UploadAsync("car.png", new byte[1234], new Dictionary<string, string> { ["make"] = "Škoda" });

        var info = await Store.GetInfoAsync("car.png");

        Assert.NotNull(info);
        Assert.Equal(1234, info.SizeBytes);
        Assert.Equal("Škoda", info.Metadata["make"]);
        Assert.Equal((await Store.GetAsync("car.png"))!.LastModified, info.LastModified);
    }

    [Fact]
    public async Task ARentedImageHoldsExactlyTheBlobsBytesAndWhatGetGives()
    {
        await Store.EnsureExistsAsync();
        var image = KitCatalog.Images[0];
        var bytes = image.ReadBytes();
        await Blobs.UploadAsync("cars/" + image.File, bytes, KitCatalog.MetadataFor(image));

        using var rented = await Store.RentAsync("cars/" + image.File);
        var stored = await Store.GetAsync("cars/" + image.File);

        Assert.NotNull(rented);
        Assert.NotNull(stored);
        Assert.Equal(bytes, rented.Image.Content.ToArray());
        Assert.Equal(
            (stored.Name, stored.ContentType, stored.LastModified, stored.Version),
            (rented.Image.Name, rented.Image.ContentType, rented.Image.LastModified, rented.Image.Version));
        Assert.Equal(stored.Metadata.ToDictionary(), rented.Image.Metadata.ToDictionary());
    }

    [Fact]
    public async Task RentingAMissingImageGivesNullAndKeepsNoBuffer()
    {
        await Store.EnsureExistsAsync();
        var pool = new WatchedPool();

        Assert.Null(await new BlobImageStore(_container, pool).RentAsync("other.png"));
        Assert.Empty(pool.Rented);
    }

    [Fact]
    public async Task DisposingARentedImageGivesItsBufferBackOnce()
    {
        await Store.EnsureExistsAsync();
        await Blobs.UploadAsync("car.png", new byte[5000], new Dictionary<string, string>());
        var pool = new WatchedPool();

        var rented = await new BlobImageStore(_container, pool).RentAsync("car.png");
        Assert.NotNull(rented);
        Assert.Empty(pool.Returned);
        rented.Dispose();
        rented.Dispose();

        Assert.Equal(5000, Assert.Single(pool.Rented).Length);
        Assert.Same(pool.Rented[0], Assert.Single(pool.Returned));
    }

    [Fact]
    public async Task MetadataSetByOtherToolsInPlainAsciiReadsUnchanged()
    {
        await Store.EnsureExistsAsync();
        var blob = _container.GetBlobClient("car.png");
        await blob.UploadAsync(BinaryData.FromBytes([1]));
        await blob.SetMetadataAsync(new Dictionary<string, string> { ["make"] = "Mercedes-Benz", ["year"] = "1999" });

        var metadata = (await Store.GetAsync("car.png"))!.Metadata;

        Assert.Equal("Mercedes-Benz", metadata["make"]);
        Assert.Equal("1999", metadata["year"]);
    }

    /// <summary>Rents exact-size arrays and remembers what went out and what came back.</summary>
    private sealed class WatchedPool : ArrayPool<byte>
    {
        public List<byte[]> Rented { get; } = [];

        public List<byte[]> Returned { get; } = [];

        public override byte[] Rent(int minimumLength)
        {
            var array = new byte[minimumLength];
            lock (Rented)
            {
                Rented.Add(array);
            }

            return array;
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            lock (Returned)
            {
                Returned.Add(array);
            }
        }
    }
}
