using Azure.Storage.Blobs;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Ingest.Tests.Infrastructure;
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
        await host.Store.DeleteAsync(images[^1].File);

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

        // Storage stamps whole seconds: upload the fix in a later second than the failure, as any real fix is.
        var failedAt = Assert.Single(await host.Ledger.ListAsync()).At;
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow >= failedAt.AddSeconds(1.1), "the clock passes the failure's second");
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
        await host.Store.DeleteAsync("notes.jpg");

        await host.Reconciliation.RunAsync();

        Assert.Empty(await host.Ledger.ListAsync());
    }

    [Fact]
    public async Task TheWorkerReconcilesAtStartAndAgainEveryInterval()
    {
        var host = await StartHostAsync(new Dictionary<string, string?> { ["CarSearch:Ingest:ReconciliationInterval"] = "00:00:01" });
        await host.UploadAsync(KitCatalog.Images[0]);
        using var worker = ActivatorUtilities.CreateInstance<ReconciliationWorker>(host.Services);

        await worker.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => await host.Index.CountAsync() == 1, "the image present at start is indexed");
        await host.UploadAsync(KitCatalog.Images[1]);
        await Eventually.TrueAsync(async () => await host.Index.CountAsync() == 2, "an image uploaded later is indexed");
        await worker.StopAsync(CancellationToken.None);
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
