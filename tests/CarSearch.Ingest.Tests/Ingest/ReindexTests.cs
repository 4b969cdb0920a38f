using System.Numerics.Tensors;
using CarSearch.Core.Ingest;
using CarSearch.Ingest.Tests.Infrastructure;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>Re-embedding after a model change, in the background, with progress.</summary>
[Collection(WithAzuriteAndModel.Name)]
public sealed class ReindexTests(IngestEnvironment environment) : IngestTestBase(environment)
{
    private const string NextModel = "clip-next@0123456789ab";

    [Fact]
    public async Task AChangedModelReembedsEveryImageOnceAndForceReembedsAll()
    {
        var images = KitCatalog.Images;
        var before = await StartHostAsync();
        foreach (var image in images)
        {
            await before.UploadAsync(image);
            await before.Ingest.IngestStoredAsync(image.File);
        }

        await StopHostAsync(before);
        var host = await StartHostAsync(modelId: NextModel);

        var started = host.Reindex.Start(force: false);
        await host.Reindex.WhenIdleAsync();
        var afterChange = host.Embedder.ImagesEmbedded;
        host.Reindex.Start(force: false);
        await host.Reindex.WhenIdleAsync();
        var afterRepeat = host.Embedder.ImagesEmbedded;
        host.Reindex.Start(force: true);
        await host.Reindex.WhenIdleAsync();

        Assert.True(started.Running);
        Assert.False(started.Force);
        Assert.Equal(images.Count, afterChange);
        Assert.Equal(afterChange, afterRepeat);
        Assert.Equal(2 * images.Count, host.Embedder.ImagesEmbedded);
        var documents = await host.DocumentsAsync();
        Assert.All(documents, document => Assert.Equal(NextModel, document.ModelId));
        foreach (var image in images.Where(image => image.IsUpright))
        {
            var document = documents.Single(d => d.Name == image.File);
            Assert.True(TensorPrimitives.CosineSimilarity(image.Reference, document.Embedding) >= 0.9995, image.File);
        }

        var progress = (await host.Status.GetStatusAsync()).Reindex;
        Assert.NotNull(progress);
        Assert.Equal((false, true, images.Count, images.Count, 0L), (progress.Running, progress.Force, progress.Total, progress.Done, progress.Failed));
        Assert.NotNull(progress.FinishedAt);
    }

    [Fact]
    public async Task StartingWhileAJobRunsReportsThatJob()
    {
        var host = await StartHostAsync();
        foreach (var image in KitCatalog.Images.Take(3))
        {
            await host.UploadAsync(image);
            await host.Ingest.IngestStoredAsync(image.File);
        }

        host.Embedder.Hold();
        var first = host.Reindex.Start(force: true);
        await Eventually.TrueAsync(() => host.Embedder.Decoding > 0, "the re-index is decoding");
        var second = host.Reindex.Start(force: false);
        var status = await host.Status.GetStatusAsync();
        host.Embedder.Release();
        await host.Reindex.WhenIdleAsync();

        Assert.True(second.Running);
        Assert.True(second.Force);
        Assert.Equal(first.StartedAt, second.StartedAt);
        Assert.True(status.Reindex!.Running);
        Assert.Equal(3, host.Reindex.Progress!.Done);
    }

    [Fact]
    public async Task AnImageThatNoLongerDecodesIsCountedAndRecordedAndAGoneOneLeavesTheIndex()
    {
        var host = await StartHostAsync();
        var images = KitCatalog.Images.Take(3).ToList();
        foreach (var image in images)
        {
            await host.UploadAsync(image);
            await host.Ingest.IngestStoredAsync(image.File);
        }

        // Changed behind the ingest's back: no trigger ran for either.
        await host.UploadAsync(images[0].File, BadImages.TruncatedJpeg());
        await host.Store.DeleteAsync(images[1].File);
        host.Reindex.Start(force: true);
        await host.Reindex.WhenIdleAsync();

        var progress = host.Reindex.Progress!;
        Assert.Equal((3L, 3L, 1L), (progress.Total, progress.Done, progress.Failed));
        Assert.Equal(images[0].File, Assert.Single(await host.Ledger.ListAsync()).Name);
        Assert.Equal([images[2].File], (await host.DocumentsAsync()).Select(document => document.Name));
    }
}
