using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Ingest.Tests.Infrastructure;
using CarSearch.Tests;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>Concurrent ingests share model runs, within bounds on decodes and ingests.</summary>
[Collection(WithAzuriteAndModel.Name)]
public sealed class BatchingTests(IngestEnvironment environment) : IngestTestBase(environment)
{
    [Fact]
    public async Task ConcurrentIngestsShareModelRunsAndGetTheirOwnEmbeddings()
    {
        var images = KitCatalog.Images;

        // A batch the size of the burst, and a wait long enough that only a full batch can trigger the run.
        var host = await StartHostAsync(Settings(
            ("MicroBatchSize", images.Count), ("MaxConcurrentIngests", images.Count), ("MicroBatchMaxWaitMilliseconds", 10_000)));

        foreach (var image in images)
        {
            await host.UploadAsync(image);
        }

        var outcomes = await Task.WhenAll(images.Select(image => Task.Run(() => host.Ingest.IngestStoredAsync(image.File))));

        Assert.All(outcomes, outcome => Assert.Equal(IngestResult.Indexed, outcome.Result));
        Assert.True(host.Embedder.RunSizes.Count < images.Count, $"{images.Count} images took {host.Embedder.RunSizes.Count} model runs");
        Assert.Equal(images.Count, host.Embedder.ImagesEmbedded);
        foreach (var image in images)
        {
            var alone = Environment.Embedder.EmbedImages([image.ReadBytes()])[0];
            var document = await host.Index.GetAsync(DocumentId.FromName(image.File));
            Assert.Equal(alone, document!.Embedding, (a, b) => Math.Abs(a - b) < 1e-5f);
        }
    }

    [Fact]
    public async Task DecodesAndBatchesStayWithinTheirBoundsAndPendingCountsEveryImageNotDone()
    {
        const int decodes = 2;
        const int ingests = 3;
        var host = await StartHostAsync(Settings(("MaxConcurrentDecodes", decodes), ("MaxConcurrentIngests", ingests)));
        var names = KitCatalog.Images.SelectMany(image => new[] { (image, image.File), (image, "copy/" + image.File) }).ToList();

        foreach (var (image, name) in names)
        {
            await host.UploadAsync(image, name);
        }

        host.Embedder.Hold();
        var running = names.Select(entry => Task.Run(() => host.Ingest.IngestStoredAsync(entry.Item2))).ToList();
        await Eventually.TrueAsync(() => host.Embedder.Decoding == decodes, "the decode slots are taken");
        await Eventually.TrueAsync(async () => (await host.Status.GetStatusAsync()).Pending == names.Count, "every image not indexed yet counts as pending");
        host.Embedder.Release();
        await Task.WhenAll(running);

        Assert.Equal(decodes, host.Embedder.MaxConcurrentDecodes);
        Assert.All(host.Embedder.RunSizes, size => Assert.InRange(size, 1, ingests));
        var status = await host.Status.GetStatusAsync();
        Assert.Equal((names.Count, 0L, 0L), (status.Indexed, status.Failed, status.Pending));
    }

    private static Dictionary<string, string?> Settings(params (string Name, int Value)[] settings) =>
        settings.ToDictionary(setting => $"{IngestOptions.SectionName}:{setting.Name}", setting => (string?)$"{setting.Value}");
}
