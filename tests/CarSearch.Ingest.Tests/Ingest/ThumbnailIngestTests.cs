using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Core.Thumbnails;
using CarSearch.Ingest.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using CarSearch.Tests;
using SixLabors.ImageSharp;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>
/// The ingest writes each image's thumbnail to the thumbnail container (on Azurite), replaces it when the bytes
/// change, and removes it with the image; a thumbnail that cannot be written never costs the image its indexing.
/// </summary>
[Collection(WithAzuriteAndModel.Name)]
public sealed class ThumbnailIngestTests(IngestEnvironment environment) : IngestTestBase(environment)
{
    [Fact]
    public async Task EachIndexedImageGetsAThumbnailOfAtMost384PixelsWithItsAspectOfItsOwnBytes()
    {
        var host = await StartHostAsync();
        foreach (var image in KitCatalog.Images)
        {
            await host.UploadAsync(image);
        }

        await Task.WhenAll(KitCatalog.Images.Select(image => host.Ingest.IngestStoredAsync(image.File)));

        foreach (var image in KitCatalog.Images)
        {
            var document = await host.Index.GetAsync(DocumentId.FromName(image.File));
            var thumbnail = await host.Thumbnails.GetAsync(image.File);
            Assert.NotNull(thumbnail);
            Assert.Equal(document!.ContentHash, thumbnail.SourceHash);
            var info = Image.Identify(thumbnail.Content.ToArray());
            Assert.Equal("JPEG", ImageFormats.Detect(thumbnail.Content.Span)?.Name);

            // Upright like the document's size; the longest side shrinks to 384 (never grows), the other keeps the aspect.
            Assert.Equal(ImageThumbnail.SizeFor(document.Width, document.Height), (info.Width, info.Height));
            Assert.InRange(Math.Max(info.Width, info.Height), 1, ImageThumbnail.MaxSide);
            Assert.Equal((double)document.Width / document.Height, (double)info.Width / info.Height, 0.02);
        }
    }

    [Fact]
    public async Task OverwrittenBytesReplaceTheThumbnail()
    {
        var host = await StartHostAsync();
        var small = KitCatalog.Images.First(i => Math.Max(i.Width, i.Height) < ImageThumbnail.MaxSide);
        var large = KitCatalog.Images.First(i => Math.Min(i.Width, i.Height) > ImageThumbnail.MaxSide);
        await host.UploadAsync(small, "car.jpg");
        await host.Ingest.IngestStoredAsync("car.jpg");
        var before = await host.Thumbnails.GetAsync("car.jpg");

        await host.UploadAsync(large, "car.jpg");
        await host.Ingest.IngestStoredAsync("car.jpg");
        var after = await host.Thumbnails.GetAsync("car.jpg");

        Assert.Equal(IngestService.ContentHashOf(small.ReadBytes()), before?.SourceHash);
        Assert.Equal(IngestService.ContentHashOf(large.ReadBytes()), after?.SourceHash);
        var info = Image.Identify(after!.Content.ToArray());
        Assert.Equal(ImageThumbnail.SizeFor(large.Width, large.Height), (info.Width, info.Height));
    }

    [Fact]
    public async Task ADeletedImageLosesItsThumbnail()
    {
        var host = await StartHostAsync();
        var image = KitCatalog.Images[0];
        await host.UploadAsync(image);
        await host.Ingest.IngestStoredAsync(image.File);
        Assert.NotNull(await host.Thumbnails.GetAsync(image.File));

        await host.Blobs.DeleteAsync(image.File);
        var removed = await host.Ingest.RemoveDeletedAsync(image.File);

        Assert.True(removed);
        Assert.Null(await host.Thumbnails.GetAsync(image.File));
    }

    [Fact]
    public async Task AnImageOverwrittenWithSomethingUnusableLosesItsThumbnailWithItsDocument()
    {
        var host = await StartHostAsync();
        var image = KitCatalog.Images[0];
        await host.UploadAsync(image);
        await host.Ingest.IngestStoredAsync(image.File);

        await host.UploadAsync(image.File, BadImages.TextFile());
        var outcome = await host.Ingest.IngestStoredAsync(image.File);

        Assert.Equal(IngestResult.Rejected, outcome.Result);
        Assert.Null(await host.Index.GetAsync(DocumentId.FromName(image.File)));
        Assert.Null(await host.Thumbnails.GetAsync(image.File));
    }

    [Fact]
    public async Task WhenThumbnailsCannotBeWrittenTheImageIsStillIndexedAndNoFailureRecorded()
    {
        var host = await StartHostAsync(replace: services => services.AddSingleton<IThumbnailStore>(new UnavailableThumbnailStore()));
        var image = KitCatalog.Images[0];
        await host.UploadAsync(image);

        var outcome = await host.Ingest.IngestStoredAsync(image.File);
        await host.Blobs.DeleteAsync(image.File);
        var removed = await host.Ingest.RemoveDeletedAsync(image.File);

        Assert.Equal(IngestResult.Indexed, outcome.Result);
        Assert.True(removed);
        Assert.Empty(await host.Ledger.ListAsync());
    }

    [Fact]
    public async Task AnImageIndexedWithoutAThumbnailGetsOneMadeOnRequestAndKept()
    {
        // As if indexed before thumbnails existed, or while their container was down.
        var image = KitCatalog.Images.First(i => Math.Min(i.Width, i.Height) > ImageThumbnail.MaxSide);
        var down = await StartHostAsync(replace: services => services.AddSingleton<IThumbnailStore>(new UnavailableThumbnailStore()));
        await down.UploadAsync(image);
        await down.Ingest.IngestStoredAsync(image.File);
        await StopHostAsync(down);
        var host = await StartHostAsync();
        Assert.Null(await host.Thumbnails.GetAsync(image.File));
        var document = await host.Index.GetAsync(DocumentId.FromName(image.File));

        var made = await host.Services.GetRequiredService<ThumbnailService>().GetAsync(document!);

        Assert.NotNull(made);
        Assert.Equal(document!.ContentHash, made.SourceHash);
        Assert.Equal(made.Content.ToArray(), (await host.Thumbnails.GetAsync(image.File))?.Content.ToArray());
    }
}
