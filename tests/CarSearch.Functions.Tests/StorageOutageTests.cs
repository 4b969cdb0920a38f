using System.Diagnostics;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Functions.Ingest;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Tests;
using Microsoft.Azure.Functions.Worker;

namespace CarSearch.Functions.Tests;

/// <summary>
/// The Functions app's classes while the images' storage is down: the trigger and the timer throw (so the host retries
/// them), the status answers at once from what it knew, and the next reconciliation after storage is back indexes
/// what was uploaded before it went. The outage here lasts seconds; <c>carsearch serve</c>'s test holds one a minute.
/// </summary>
[Collection(Name)]
public sealed class StorageOutageTests : IAsyncLifetime, IDisposable
{
    public const string Name = "Alone during an outage";

    private readonly AzuriteServer _azurite = new();
    private FunctionsTestHost? _host;

    private FunctionsTestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await FunctionsTestHost.StartAsync(_azurite);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public void Dispose() => _azurite.Dispose();

    [Fact]
    public async Task UploadsBeforeAnOutageAreIndexedAfterItAndTheStatusAnswersMeanwhile()
    {
        var images = KitCatalog.Images.Take(3).ToList();
        foreach (var image in images)
        {
            await Host.UploadAsync(image.File, image.ReadBytes());
        }

        await Host.IngestAsync(images[0].File);
        var before = await Host.StatusAsync();
        _azurite.Stop();

        await Assert.ThrowsAnyAsync<Exception>(() => Host.IngestAsync(images[1].File));
        await Assert.ThrowsAnyAsync<Exception>(() => Host.InvokeAsync<Reconcile>(function => function.Run(new TimerInfo(), CancellationToken.None)));
        var clock = Stopwatch.StartNew();
        var during = await Host.StatusAsync();
        var took = clock.Elapsed;

        _azurite.Start();
        await Host.InvokeAsync<Reconcile>(function => function.Run(new TimerInfo(), CancellationToken.None));

        Assert.True(took < TimeSpan.FromSeconds(1), $"The status took {took.TotalMilliseconds:0} ms during the outage.");
        Assert.Equal(before.Indexed, during.Indexed);
        Assert.Equal(StorageStatus.Unreachable, during.Storage!.State);
        foreach (var image in images)
        {
            Assert.NotNull(await Host.Index.GetAsync(DocumentId.FromName(image.File)));
        }

        var after = await Host.StatusAsync();
        Assert.Equal((3L, 0L, 0L), (after.Indexed!.Value, after.Failed, after.Pending!.Value));
        Assert.Equal(StorageStatus.Ok, after.Storage!.State);
    }
}

/// <summary>
/// Run alone: the outage test times answers (the 1 s bound), which other tests' bursts on the same two cores would
/// make a measure of the machine rather than of the app.
/// </summary>
[CollectionDefinition(StorageOutageTests.Name, DisableParallelization = true)]
public sealed class AloneDuringAnOutage
{
}
