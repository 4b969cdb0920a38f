using CarSearch.Core.Ingest;
using CarSearch.Core.Storage;
using CarSearch.Ingest.Tests.Infrastructure;
using CarSearch.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>How a host that scans runs the ingests it found: an outage spends none of an image's attempts.</summary>
[Collection(WithAzuriteAndModel.Name)]
public sealed class IngestDispatcherTests(IngestEnvironment environment) : IngestTestBase(environment)
{
    [Fact]
    public async Task AnIngestThatCannotReachStorageSpendsNoAttemptAndReportsTheOutage()
    {
        // Storage went while the ingest was under way, before any scan noticed: the attempt itself finds it out.
        var images = new InMemoryImageStore();
        var host = await StartHostAsync(replace: services => services.AddSingleton<IImageStore>(images));
        var image = KitCatalog.Images[0];
        await images.UploadAsync(image.File, image.ReadBytes(), new Dictionary<string, string>());
        var listed = await images.ListAsync().Select(info => new ListedImage(info)).SingleAsync();
        var dispatcher = host.Services.GetRequiredService<IngestDispatcher>();
        var availability = host.Services.GetRequiredService<StorageAvailability>();
        images.Outage = new StorageUnavailableException("Cannot reach the image storage: Connection refused (127.0.0.1:10000).")
        {
            Failure = new StorageFailure(StorageFailureKind.Unreachable, 0, null, "Connection refused (127.0.0.1:10000)"),
        };

        // More failed tries than an image is allowed: none of them gives it up.
        var maxAttempts = new IngestOptions().MaxAttempts;
        for (var attempt = 0; attempt <= maxAttempts; attempt++)
        {
            Assert.Null(await dispatcher.Enqueue(listed));
        }

        Assert.Equal(false, availability.Current.Reachable);
        Assert.Empty(await host.Ledger.ListAsync());

        images.Outage = null;
        var outcome = await dispatcher.Enqueue(listed);

        Assert.Equal(IngestResult.Indexed, outcome?.Result);
        Assert.Equal([image.File], (await host.DocumentsAsync()).Select(document => document.Name));
    }
}
