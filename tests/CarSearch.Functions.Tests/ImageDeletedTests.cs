using System.Text;
using Azure.Storage.Blobs;
using CarSearch.Core.Index;
using CarSearch.Functions.Ingest;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Tests;

namespace CarSearch.Functions.Tests;

/// <summary>The deletes queue function: a BlobDeleted event takes the image out of the index; nothing else does.</summary>
[Collection(WithAzurite.Name)]
public sealed class ImageDeletedTests(FunctionsEnvironment environment) : OwnHostTests(environment)
{
    /// <summary>A virtual folder, a space and a letter beyond ASCII: the event's URL encodes them, its subject does not.</summary>
    private const string Name = "lot 7/voiture rouge é.png";

    public static TheoryData<BlobEvents.Shape> Shapes => [.. Enum.GetValues<BlobEvents.Shape>()];

    public static TheoryData<string> Malformed =>
    [
        "",
        "not an event",
        "{}",
        "[]",
        "{\"eventType\": \"Microsoft.Storage.BlobDeleted\"}",
        "{\"eventType\": \"Microsoft.Storage.BlobDeleted\", \"subject\": \"/somewhere/else\"}",
        Convert.ToBase64String(Encoding.UTF8.GetBytes("neither is this")),
        "{\"eventType\": ",
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Host.UploadAsync(Name, KitCatalog.Images[0].ReadBytes());
        await Host.IngestAsync(Name);
        Assert.NotNull(await DocumentAsync());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task ABlobDeletedEventRemovesTheImage(BlobEvents.Shape shape)
    {
        await Host.Blobs.DeleteAsync(Name);

        await DeliverAsync(BlobEvents.Message(shape, BlobEvents.Deleted, Host.Container, Name, Host.Blob(Name).Uri));

        Assert.Null(await DocumentAsync());
    }

    [Fact]
    public async Task ADeleteInAnotherContainerIsIgnored()
    {
        const string other = "other-images";
        await Host.Blobs.DeleteAsync(Name);

        await DeliverAsync(BlobEvents.Message(
            BlobEvents.Shape.EventGridJson, BlobEvents.Deleted, other, Name, new BlobClient(Host.Azurite.ConnectionString, other, Name).Uri));

        Assert.NotNull(await DocumentAsync());
    }

    [Fact]
    public async Task AnotherEventTypeIsIgnored()
    {
        await Host.Blobs.DeleteAsync(Name);

        await DeliverAsync(BlobEvents.Message(BlobEvents.Shape.EventGridJson, BlobEvents.Created, Host.Container, Name, Host.Blob(Name).Uri));

        Assert.NotNull(await DocumentAsync());
    }

    [Fact]
    public async Task ADeleteOfABlobUploadedAgainSinceKeepsTheImage()
    {
        // Deleted, then uploaded again under the same name before the delete event was handled.
        await DeliverAsync(BlobEvents.Message(BlobEvents.Shape.EventGridJson, BlobEvents.Deleted, Host.Container, Name, Host.Blob(Name).Uri));

        Assert.NotNull(await DocumentAsync());
    }

    /// <summary>Retrying cannot make such a message readable: it is dropped (logged), never thrown back to the queue.</summary>
    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task AMalformedMessageIsDroppedWithoutThrowing(string message)
    {
        await Host.Blobs.DeleteAsync(Name);

        await DeliverAsync(message);

        Assert.NotNull(await DocumentAsync());
    }

    private Task DeliverAsync(string message) =>
        Host.InvokeAsync<ImageDeleted>(function => function.Run(message, CancellationToken.None));

    private Task<ImageDocument?> DocumentAsync() => Host.Index.GetAsync(DocumentId.FromName(Name));
}
