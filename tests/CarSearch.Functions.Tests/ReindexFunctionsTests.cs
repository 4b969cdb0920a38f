using Azure.Storage.Queues;
using CarSearch.Functions.Http;
using CarSearch.Functions.Ingest;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Tests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Functions.Tests;

/// <summary>A re-index on the Functions app: started over HTTP, done by the queue function, its progress shared.</summary>
[Collection(WithAzurite.Name)]
public sealed class ReindexFunctionsTests(FunctionsEnvironment environment) : OwnHostTests(environment)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var image in KitCatalog.Images.Take(3))
        {
            await Host.UploadAsync(image.File, image.ReadBytes());
            await Host.IngestAsync(image.File);
        }
    }

    private QueueClient Queue => Host.Services.GetRequiredService<QueueClient>();

    [Fact]
    public async Task AReindexStartedOverHttpIsDoneByTheQueueFunctionAndReportedDone()
    {
        var started = await Host.HttpAsync<IngestApiFunctions>("POST", "manage/reindex?force=true", (function, request) => function.StartReindex(request));
        Assert.Equal(StatusCodes.Status202Accepted, started.StatusCode);

        var taken = 0;
        while ((await Queue.ReceiveMessagesAsync(maxMessages: 32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                await Host.InvokeAsync<ReindexBatchFunctions>(function => function.Run(message.Body.ToString(), CancellationToken.None));
                await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                taken++;
            }
        }

        Assert.True(taken > 0, "the start queued batches");
        var progress = (await Host.StatusAsync()).Reindex!;
        Assert.Equal((false, true, 3L, 3L, 0L), (progress.Running, progress.Force, progress.Total, progress.Done, progress.Failed));
    }

    [Fact]
    public async Task ABatchTheHostGaveUpOnIsRecordedAsFailedSoTheJobEnds()
    {
        await Host.HttpAsync<IngestApiFunctions>("POST", "manage/reindex?force=true", (function, request) => function.StartReindex(request));
        var message = Assert.Single((await Queue.ReceiveMessagesAsync(maxMessages: 32)).Value);

        await Host.InvokeAsync<ReindexBatchFunctions>(function => function.GiveUp(message.Body.ToString(), CancellationToken.None));

        var progress = (await Host.StatusAsync()).Reindex!;
        Assert.Equal((false, 3L, 3L, 3L), (progress.Running, progress.Total, progress.Done, progress.Failed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a batch")]
    [InlineData("{\"jobId\":\"x\",\"number\":0,\"names\":[]}")]
    public async Task AMessageThatIsNoBatchIsDroppedWithoutThrowing(string message)
    {
        await Host.InvokeAsync<ReindexBatchFunctions>(function => function.Run(message, CancellationToken.None));

        Assert.Contains(Host.Log.Lines, line => line.Contains("not a re-index batch", StringComparison.Ordinal));
    }
}
