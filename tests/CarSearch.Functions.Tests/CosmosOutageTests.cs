using System.Net;
using System.Text.Json;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Cosmos;
using CarSearch.Functions.Ingest;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Tests;
using CarSearch.Tests.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Functions.Tests;

/// <summary>
/// The Functions app over Cosmos DB (the in-process Gateway fake, through the real SDK) while Cosmos throttles or is
/// down for a while: no blob is lost. Throttling is absorbed by the SDK's retries; an outage makes each function throw
/// so the host retries it, the blob trigger's give-up is recorded, and reconciliation repairs everything once Cosmos
/// is back.
/// </summary>
[Collection(WithAzurite.Name)]
public sealed class CosmosOutageTests(FunctionsEnvironment environment) : IAsyncLifetime, IDisposable
{
    private readonly FakeCosmosAccount _cosmos = new(options => options.Dimensions = 512);
    private FunctionsTestHost? _host;

    private FunctionsTestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await FunctionsTestHost.StartAsync(
        environment.Azurite,
        settings: new Dictionary<string, string?>
        {
            ["CarSearch:Index:Kind"] = "cosmos",
            ["CarSearch:Index:Cosmos:Endpoint"] = FakeCosmosHandler.Endpoint,
            ["CarSearch:Index:Cosmos:Key"] = FakeCosmosAccount.Key,
            ["CarSearch:Index:Cosmos:CreateIfNotExists"] = "true",
            // Given up long enough ago to be tried again at the next reconciliation.
            ["CarSearch:Ingest:RetryGaveUpAfter"] = "00:00:00",
        },
        replace: services => services.AddSingleton<CosmosClient>(_cosmos.Client));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public void Dispose() => _cosmos.Dispose();

    [Fact]
    public async Task ThrottlingIsRetriedByTheSdkAndTheUploadIsIndexedAtOnce()
    {
        var image = KitCatalog.Images[0];
        await Host.UploadAsync(image.File, image.ReadBytes());
        _cosmos.Handler.FailNext(IsWrite, HttpStatusCode.TooManyRequests, times: 3, retryAfter: TimeSpan.FromMilliseconds(50));

        await Host.IngestAsync(image.File);

        Assert.NotNull(await Host.Index.GetAsync(DocumentId.FromName(image.File)));
        Assert.True(_cosmos.Requests(IsWrite).Count >= 4, "the throttled writes were retried");
    }

    [Fact]
    public async Task AnUploadDuringAnOutageIsRetriedGivenUpAndRepairedByReconciliationOnceCosmosIsBack()
    {
        var image = KitCatalog.Images[1];
        await Host.UploadAsync(image.File, image.ReadBytes());
        _cosmos.Handler.FailAll(_ => true, HttpStatusCode.ServiceUnavailable);

        // The host's attempts (host.json's poisonBlobThreshold), each throwing so it retries, then the poison message.
        var attempts = Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestOptions>>().Value.MaxAttempts;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            await Assert.ThrowsAnyAsync<CosmosIndexException>(() => Host.IngestAsync(image.File));
        }

        var version = (await Host.Store.GetInfoAsync(image.File))!.Version;
        await Host.InvokeAsync<IngestPoison>(function => function.Run(PoisonMessage(Host.Container, image.File, version), CancellationToken.None));
        var failure = Assert.Single((await Host.StatusAsync()).Failures);
        Assert.Equal((image.File, IngestFailureKind.GaveUp), (failure.Name, failure.Kind));

        // A reconciliation during the outage fails too, and says so by throwing (the timer logs it and runs again).
        await Assert.ThrowsAnyAsync<Exception>(() => RunReconcileAsync());

        _cosmos.Handler.Recover();
        await RunReconcileAsync();

        Assert.NotNull(await Host.Index.GetAsync(DocumentId.FromName(image.File)));
        var status = await Host.StatusAsync();
        Assert.Equal((1L, 0L, 0L), (status.Indexed, status.Failed, status.Pending));
        AssertNoKeyIn(Host.Log.ToString());
    }

    [Fact]
    public async Task ADeleteDuringAnOutageThrowsSoItsMessageIsRetriedAndReconciliationRemovesTheDocumentIfItIsNot()
    {
        var (retried, missed) = (KitCatalog.Images[2], KitCatalog.Images[3]);
        foreach (var image in new[] { retried, missed })
        {
            await Host.UploadAsync(image.File, image.ReadBytes());
            await Host.IngestAsync(image.File);
            await Host.Blobs.DeleteAsync(image.File);
        }

        _cosmos.Handler.FailAll(IsWrite, HttpStatusCode.ServiceUnavailable);
        await Assert.ThrowsAnyAsync<CosmosIndexException>(() => DeliverDeleteAsync(retried.File));
        await Assert.ThrowsAnyAsync<CosmosIndexException>(() => DeliverDeleteAsync(missed.File));
        Assert.Equal(2, await Host.Index.CountAsync());

        _cosmos.Handler.Recover();
        await DeliverDeleteAsync(retried.File);
        Assert.Null(await Host.Index.GetAsync(DocumentId.FromName(retried.File)));

        // The other's message went to the poison queue after its retries: reconciliation finds the document orphaned.
        await RunReconcileAsync();
        Assert.Equal(0, await Host.Index.CountAsync());
    }

    [Fact]
    public async Task UploadsNobodyTriggeredDuringAnOutageAreIndexedByTheNextReconciliation()
    {
        foreach (var image in KitCatalog.Images.Take(4))
        {
            await Host.UploadAsync(image.File, image.ReadBytes());
        }

        _cosmos.Handler.FailAll(_ => true, HttpStatusCode.ServiceUnavailable);
        await Assert.ThrowsAnyAsync<Exception>(() => RunReconcileAsync());

        _cosmos.Handler.Recover();
        await RunReconcileAsync();

        Assert.Equal(4, await Host.Index.CountAsync());
        Assert.Empty((await Host.StatusAsync()).Failures);
    }

    private static bool IsWrite(RecordedRequest request) =>
        (request.Method == HttpMethod.Post || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Put)
        && request.Segments.Contains("docs") && !request.IsQuery && !request.IsQueryPlan;

    private static string PoisonMessage(string container, string name, string version) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["Type"] = "BlobTrigger",
        ["FunctionId"] = "Host.Functions." + nameof(IngestImage),
        ["BlobType"] = "BlockBlob",
        ["ContainerName"] = container,
        ["BlobName"] = name,
        ["ETag"] = version,
    });

    private static void AssertNoKeyIn(string text) =>
        Assert.DoesNotContain(FakeCosmosAccount.Key, text, StringComparison.Ordinal);

    private Task RunReconcileAsync() =>
        Host.InvokeAsync<Reconcile>(function => function.Run(new TimerInfo(), CancellationToken.None));

    private Task DeliverDeleteAsync(string name) =>
        Host.InvokeAsync<ImageDeleted>(function => function.Run(
            BlobEvents.Message(BlobEvents.Shape.EventGridJson, BlobEvents.Deleted, Host.Container, name, Host.Blob(name).Uri),
            CancellationToken.None));
}
