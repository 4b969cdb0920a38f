using Azure.Storage.Blobs;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Ingest.Tests.Infrastructure;
using CarSearch.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>Drift between the container and the index, repaired both ways.</summary>
[Collection(WithAzuriteAndModel.Name)]
public sealed class ReconciliationTests(IngestEnvironment environment) : IngestTestBase(environment)
{
    [Fact]
    public async Task UploadsNobodyIngestedAreAddedAndDocumentsOfDeletedBlobsRemoved()
    {
        var host = await StartHostAsync();
        var images = KitCatalog.Images.Take(4).ToList();
        foreach (var image in images)
        {
            await host.UploadAsync(image);
        }

        // The first was ingested by its trigger; the last was ingested, then deleted with no event arriving.
        await host.Ingest.IngestStoredAsync(images[0].File);
        await host.Ingest.IngestStoredAsync(images[^1].File);
        await host.Blobs.DeleteAsync(images[^1].File);

        var summary = await host.Reconciliation.RunAsync();

        Assert.Equal(new ReconciliationSummary(Added: images.Count - 2, Removed: 1, Unchanged: 1, Failed: 0), summary);
        var indexed = (await host.DocumentsAsync()).Select(document => document.Name).Order(StringComparer.Ordinal);
        Assert.Equal(images.SkipLast(1).Select(image => image.File).Order(StringComparer.Ordinal), indexed);
    }

    [Fact]
    public async Task ASecondRunFindsNothingToDoAndEmbedsNothing()
    {
        var host = await StartHostAsync();
        foreach (var image in KitCatalog.Images)
        {
            await host.UploadAsync(image);
        }

        await host.Reconciliation.RunAsync();
        var embedded = host.Embedder.ImagesEmbedded;

        var summary = await host.Reconciliation.RunAsync();

        Assert.Equal(new ReconciliationSummary(0, 0, KitCatalog.Images.Count, 0), summary);
        Assert.Equal(KitCatalog.Images.Count, embedded);
        Assert.Equal(embedded, host.Embedder.ImagesEmbedded);
    }

    [Fact]
    public async Task AFailedImageIsNotRetriedUntilItIsUploadedAgain()
    {
        var host = await StartHostAsync();
        await host.UploadAsync("notes.jpg", BadImages.TextFile());

        var first = await host.Reconciliation.RunAsync();
        var attempts = host.Embedder.Decodes;
        var second = await host.Reconciliation.RunAsync();

        Assert.Equal(new ReconciliationSummary(0, 0, 0, 1), first);
        Assert.Equal(new ReconciliationSummary(0, 0, 1, 0), second);
        Assert.Equal(attempts, host.Embedder.Decodes);

        // At once: the failure names the version that failed, so a fix uploaded within the same second (storage stamps
        // whole seconds) is still told apart from it.
        await host.UploadAsync(KitCatalog.Images[0], "notes.jpg");
        var fixedUp = await host.Reconciliation.RunAsync();

        Assert.Equal(new ReconciliationSummary(1, 0, 0, 0), fixedUp);
        Assert.Empty(await host.Ledger.ListAsync());
    }

    [Fact]
    public async Task FailuresOfImagesThatAreGoneAreForgotten()
    {
        var host = await StartHostAsync();
        await host.UploadAsync("notes.jpg", BadImages.TextFile());
        await host.Reconciliation.RunAsync();
        await host.Blobs.DeleteAsync("notes.jpg");

        await host.Reconciliation.RunAsync();

        Assert.Empty(await host.Ledger.ListAsync());
    }

    [Fact]
    public async Task TheWatcherIndexesWhatIsThereAtStartThenEveryUploadAndDeleteAsItHappens()
    {
        var host = await StartHostAsync(new Dictionary<string, string?> { ["CarSearch:Ingest:ReconciliationInterval"] = "00:00:00.200" });
        await host.UploadAsync(KitCatalog.Images[0]);
        using var watcher = ActivatorUtilities.CreateInstance<ContainerWatcher>(host.Services);

        await watcher.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => await host.Index.CountAsync() == 1, "the image present at start is indexed");
        await host.UploadAsync(KitCatalog.Images[1]);
        await Eventually.TrueAsync(async () => await host.Index.CountAsync() == 2, "an image uploaded later is indexed");
        await host.Blobs.DeleteAsync(KitCatalog.Images[0].File);
        await Eventually.TrueAsync(async () => await host.Index.CountAsync() == 1, "a deleted image leaves the index");
        await watcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AnOverwriteInTheSameSecondIsIngestedAgain()
    {
        var host = await StartHostAsync();
        await host.UploadAsync(KitCatalog.Images[0], "car.jpg");
        await host.Reconciliation.RunAsync();
        var first = (await host.Index.GetAsync(DocumentId.FromName("car.jpg")))!;

        await host.UploadAsync(KitCatalog.Images[1], "car.jpg");
        var summary = await host.Reconciliation.RunAsync();

        Assert.Equal(1, summary.Added);
        var second = (await host.Index.GetAsync(DocumentId.FromName("car.jpg")))!;
        Assert.NotEqual(first.ContentHash, second.ContentHash);
        Assert.NotEqual(first.SourceVersion, second.SourceVersion);
    }

    [Fact]
    public async Task NewMetadataOnAnUnchangedImageIsTakenWithoutEmbeddingAgain()
    {
        var host = await StartHostAsync();
        await host.UploadAsync(KitCatalog.Images[0], "car.jpg");
        await host.Reconciliation.RunAsync();
        var embedded = host.Embedder.ImagesEmbedded;

        await new BlobServiceClient(Environment.Azurite.ConnectionString).GetBlobContainerClient(Data.Container)
            .GetBlobClient("car.jpg").SetMetadataAsync(new Dictionary<string, string> { ["make"] = "Volvo" });
        await host.Reconciliation.RunAsync();

        var document = (await host.Index.GetAsync(DocumentId.FromName("car.jpg")))!;
        Assert.Equal("Volvo", document.Metadata["make"]);
        Assert.Equal(embedded, host.Embedder.ImagesEmbedded);
        Assert.Equal(0, (await host.Status.GetStatusAsync()).Pending);
    }

    [Fact]
    public async Task DocumentsWrittenBeforeVersionsWereKeptAreCheckedOnceWithoutEmbedding()
    {
        var host = await StartHostAsync();
        await host.UploadAsync(KitCatalog.Images[0], "car.jpg");
        await host.Reconciliation.RunAsync();
        var id = DocumentId.FromName("car.jpg");
        await host.Index.UpsertAsync((await host.Index.GetAsync(id))! with { SourceVersion = null });
        var embedded = host.Embedder.ImagesEmbedded;

        var upgrade = await host.Reconciliation.RunAsync();
        var after = await host.Reconciliation.RunAsync();

        Assert.Equal(new ReconciliationSummary(0, 0, 1, 0), upgrade);
        Assert.Equal(new ReconciliationSummary(0, 0, 1, 0), after);
        Assert.NotNull((await host.Index.GetAsync(id))!.SourceVersion);
        Assert.Equal(embedded, host.Embedder.ImagesEmbedded);
    }

    [Fact]
    public async Task AnImageGivenUpIsTriedAgainOnlyOnceItsRetryTimeHasCome()
    {
        var waiting = await StartHostAsync(new Dictionary<string, string?> { ["CarSearch:Ingest:RetryGaveUpAfter"] = "01:00:00" });
        await waiting.UploadAsync(KitCatalog.Images[0], "car.jpg");
        var version = (await waiting.Store.GetInfoAsync("car.jpg"))!.Version;
        await waiting.Ingest.RecordGaveUpAsync("car.jpg", version, 3, "The index did not answer.");

        Assert.Equal(new ReconciliationSummary(0, 0, 1, 0), await waiting.Reconciliation.RunAsync());
        Assert.Equal(0, (await waiting.Status.GetStatusAsync()).Pending);
        await StopHostAsync(waiting);

        var due = await StartHostAsync(new Dictionary<string, string?> { ["CarSearch:Ingest:RetryGaveUpAfter"] = "00:00:00" });
        Assert.Equal(new ReconciliationSummary(1, 0, 0, 0), await due.Reconciliation.RunAsync());
        Assert.Empty(await due.Ledger.ListAsync());
    }

    [Fact]
    public async Task AMissingContainerStopsTheRunInsteadOfEmptyingTheIndex()
    {
        var host = await StartHostAsync();
        await host.UploadAsync(KitCatalog.Images[0]);
        await host.Ingest.IngestStoredAsync(KitCatalog.Images[0].File);
        await new BlobServiceClient(Environment.Azurite.ConnectionString).DeleteBlobContainerAsync(Data.Container);

        await Assert.ThrowsAnyAsync<Exception>(() => host.Reconciliation.RunAsync());

        Assert.NotNull(await host.Index.GetAsync(DocumentId.FromName(KitCatalog.Images[0].File)));
    }
}
