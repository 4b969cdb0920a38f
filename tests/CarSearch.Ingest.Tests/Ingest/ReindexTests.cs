using System.Numerics.Tensors;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Core.Ingest;
using CarSearch.Core.Ingest.Reindex;
using CarSearch.Ingest.Tests.Infrastructure;
using CarSearch.Storage;
using CarSearch.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>
/// Re-embedding after a model change as a durable job: queued in batches, processed by whichever instance takes
/// them, its progress the same for every instance.
/// </summary>
[Collection(WithAzuriteAndModel.Name)]
public sealed class ReindexTests(IngestEnvironment environment) : IngestTestBase(environment)
{
    private const string NextModel = "clip-next@0123456789ab";

    [Fact]
    public async Task AChangedModelReembedsEveryImageOnceAndForceReembedsAll()
    {
        var images = KitCatalog.Images;
        var before = await StartHostAsync();
        await IndexAllAsync(before, images);
        await StopHostAsync(before);
        var host = await StartHostAsync(modelId: NextModel);

        var started = await host.Reindex.StartAsync(force: false);
        await host.DrainReindexQueueAsync();
        var afterChange = host.Embedder.ImagesEmbedded;
        var repeat = await host.Reindex.StartAsync(force: false);
        await host.DrainReindexQueueAsync();
        var afterRepeat = host.Embedder.ImagesEmbedded;
        await host.Reindex.StartAsync(force: true);
        await host.DrainReindexQueueAsync();

        Assert.Equal((true, false, (long)images.Count), (started.Running, started.Force, started.Total));
        Assert.Equal(images.Count, afterChange);
        Assert.Equal((0L, false), (repeat.Total, repeat.Running));
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
    public async Task StartingWhileAJobRunsReportsThatJobAndQueuesNothingMore()
    {
        var host = await StartHostAsync();
        await IndexAllAsync(host, KitCatalog.Images.Take(3));

        var first = await host.Reindex.StartAsync(force: true);
        var queued = (await host.ReindexQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var second = await host.Reindex.StartAsync(force: false);

        Assert.True(second.Running);
        Assert.True(second.Force);
        Assert.Equal(first.StartedAt, second.StartedAt);
        Assert.Equal(queued, (await host.ReindexQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.True((await host.Status.GetStatusAsync()).Reindex!.Running);
        await host.DrainReindexQueueAsync();
        Assert.False((await host.Reindex.ReadProgressNowAsync())!.Running);
    }

    [Fact]
    public async Task AnotherInstanceReportsTheSameProgressAndTakesTheBatchesThisOneLeft()
    {
        var images = KitCatalog.Images;
        var first = await StartHostAsync();
        await IndexAllAsync(first, images);
        var started = await first.Reindex.StartAsync(force: true);
        await StopHostAsync(first);

        // A second instance over the same storage (and the same index, now free), the first one gone mid-job.
        var second = await StartHostAsync();
        var seen = await second.Reindex.ReadProgressNowAsync();
        Assert.Equal((true, started.Total, started.StartedAt), (seen!.Running, seen.Total, seen.StartedAt));

        await second.DrainReindexQueueAsync();

        var done = (await second.Status.GetStatusAsync()).Reindex!;
        Assert.Equal((false, (long)images.Count, (long)images.Count), (done.Running, done.Total, done.Done));
        Assert.Equal(images.Count, second.Embedder.ImagesEmbedded);
    }

    [Fact]
    public async Task ABatchTakenTwiceDoesItsWorkOnceAndCountsOnce()
    {
        var host = await StartHostAsync();
        await IndexAllAsync(host, KitCatalog.Images.Take(4));
        await host.Reindex.StartAsync(force: true);
        var message = Assert.Single((await host.ReindexQueue.ReceiveMessagesAsync(maxMessages: 32)).Value);
        var batch = ReindexBatchMessage.Read(message.Body.ToString());
        var embeddedBefore = host.Embedder.ImagesEmbedded;

        await host.Reindex.ProcessAsync(batch);
        await host.Reindex.ProcessAsync(batch);

        Assert.Equal(embeddedBefore + 4, host.Embedder.ImagesEmbedded);
        var progress = (await host.Reindex.ReadProgressNowAsync())!;
        Assert.Equal((false, 4L, 4L), (progress.Running, progress.Total, progress.Done));
    }

    [Fact]
    public async Task ABatchOfAReplacedJobIsDropped()
    {
        var host = await StartHostAsync();
        await IndexAllAsync(host, KitCatalog.Images.Take(2));
        await host.Reindex.StartAsync(force: true);
        var taken = Assert.Single((await host.ReindexQueue.ReceiveMessagesAsync(maxMessages: 32)).Value);
        var old = ReindexBatchMessage.Read(taken.Body.ToString());
        await host.Reindex.ProcessAsync(old);
        await host.ReindexQueue.DeleteMessageAsync(taken.MessageId, taken.PopReceipt);
        await host.Reindex.StartAsync(force: true);
        var embedded = host.Embedder.ImagesEmbedded;

        await host.Reindex.ProcessAsync(old);

        Assert.Equal(embedded, host.Embedder.ImagesEmbedded);
        Assert.True((await host.Reindex.ReadProgressNowAsync())!.Running);
    }

    [Fact]
    public async Task ABatchWhoseIndexFailsThrowsSoItIsTakenAgainAndGivingUpEndsTheJobWithItsFailures()
    {
        var host = await StartHostAsync();
        await IndexAllAsync(host, KitCatalog.Images.Take(3));
        await host.Reindex.StartAsync(force: true);
        var batch = ReindexBatchMessage.Read((await host.ReindexQueue.ReceiveMessagesAsync()).Value[0].Body.ToString());
        await StopHostAsync(host);
        var broken = await StartHostAsync(replace: services => services.AddSingleton<IVectorIndex>(
            provider => new FailingUpsertIndex(provider.GetRequiredService<EmbeddedVectorIndex>(), _ => true)));

        await Assert.ThrowsAnyAsync<Exception>(() => broken.Reindex.ProcessAsync(batch));
        Assert.True((await broken.Reindex.ReadProgressNowAsync())!.Running);
        await broken.Reindex.GiveUpAsync(batch);

        var progress = (await broken.Reindex.ReadProgressNowAsync())!;
        Assert.Equal((false, 3L, 3L, 3L), (progress.Running, progress.Total, progress.Done, progress.Failed));
    }

    [Fact]
    public async Task AnImageThatNoLongerDecodesIsCountedAndRecordedAndAGoneOneLeavesTheIndex()
    {
        var host = await StartHostAsync();
        var images = KitCatalog.Images.Take(3).ToList();
        await IndexAllAsync(host, images);

        // Changed behind the ingest's back: no trigger ran for either.
        await host.UploadAsync(images[0].File, BadImages.TruncatedJpeg());
        await host.Blobs.DeleteAsync(images[1].File);
        await host.Reindex.StartAsync(force: true);
        await host.DrainReindexQueueAsync();

        var progress = (await host.Reindex.ReadProgressNowAsync())!;
        Assert.Equal((3L, 3L, 1L), (progress.Total, progress.Done, progress.Failed));
        Assert.Equal(images[0].File, Assert.Single(await host.Ledger.ListAsync()).Name);
        Assert.Equal([images[2].File], (await host.DocumentsAsync()).Select(document => document.Name));
    }

    private static async Task IndexAllAsync(IngestHost host, IEnumerable<KitImage> images)
    {
        foreach (var image in images)
        {
            await host.UploadAsync(image);
            await host.Ingest.IngestStoredAsync(image.File);
        }
    }
}
