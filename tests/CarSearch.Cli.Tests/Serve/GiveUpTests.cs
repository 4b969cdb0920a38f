using System.Text.Json;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Tests;
using CarSearch.Core.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarSearch.Cli.Tests.Serve;

/// <summary>A blob whose ingest keeps failing for a reason that is not the image's: retried, then given up and shown.</summary>
[Collection(SharedAzurite.Name)]
public sealed class GiveUpTests(AzuriteServer azurite) : IDisposable
{
    private const string FlakyPrefix = "flaky-";

    private readonly string _indexDirectory = Directory.CreateTempSubdirectory("carsearch-serve-index-").FullName;

    public void Dispose() => Directory.Delete(_indexDirectory, recursive: true);

    [Fact]
    public async Task ABlobTheIngestKeepsFailingOnIsRetriedThenRecordedAsGivenUpWhileOthersAreIndexed()
    {
        await using var serve = await ServeInstance.StartAsync(
            azurite,
            ServeInstance.NewContainerName(),
            _indexDirectory,
            configureServices: services => services.AddSingleton<IVectorIndex>(provider => new FailingUpsertIndex(
                provider.GetRequiredService<EmbeddedVectorIndex>(), name => name.StartsWith(FlakyPrefix, StringComparison.Ordinal))));
        var (flaky, good) = (FlakyPrefix + ReferenceGoldens.Images[0].File, ReferenceGoldens.Images[1].File);

        await serve.UploadKitImageAsync(ReferenceGoldens.Images[0].File, flaky);
        await serve.UploadKitImageAsync(good);

        var status = await serve.WaitForStatusAsync(
            s => s.GetProperty("indexed").GetInt64() == 1 && s.GetProperty("failed").GetInt64() == 1,
            "the good image indexed and the flaky one given up");
        var failure = Assert.Single(status.GetProperty("failures").EnumerateArray());
        Assert.Equal(flaky, failure.GetProperty("name").GetString());
        Assert.Equal("GaveUp", failure.GetProperty("kind").GetString());
        var attempts = serve.Services.GetRequiredService<IOptions<IngestOptions>>().Value.MaxAttempts;
        Assert.StartsWith($"Gave up after {attempts} attempts", failure.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The reason sends the reader to the log: each attempt's error is there.
        Assert.Equal(attempts, serve.Log.Lines.Count(line => line.Contains("Simulated outage", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ServeTriesAsOftenAsHostJsonSaysTheFunctionsBlobTriggerDoes()
    {
        using var hostJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Directory, "host.json")));
        var configured = hostJson.RootElement.GetProperty("extensions").GetProperty("blobs").GetProperty("poisonBlobThreshold").GetInt32();

        await using var serve = await ServeInstance.StartAsync(azurite, ServeInstance.NewContainerName(), _indexDirectory);

        Assert.Equal(configured, serve.Services.GetRequiredService<IOptions<IngestOptions>>().Value.MaxAttempts);
    }
}
