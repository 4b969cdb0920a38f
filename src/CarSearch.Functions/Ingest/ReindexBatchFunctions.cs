using CarSearch.Core.Ingest.Reindex;
using CarSearch.Functions.Hosting;
using CarSearch.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CarSearch.Functions.Ingest;

/// <summary>
/// Re-index batches from their queue, on whichever instance takes them: each batch is re-embedded through the shared
/// <see cref="ReindexService"/>. A batch that fails is taken again (the queue's dequeue count, host.json); one the
/// host gave up on reaches the poison queue and is recorded as failed, so the job still ends and says so.
/// </summary>
public sealed class ReindexBatchFunctions(ReindexService reindex, ILogger<ReindexBatchFunctions> logger)
{
    [Function("ReindexBatch")]
    public async Task Run(
        [QueueTrigger(FunctionSettings.ReindexQueue, Connection = FunctionSettings.ImagesConnection)] string message,
        CancellationToken cancellationToken)
    {
        if (Read(message) is { } batch)
        {
            await reindex.ProcessAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    [Function("ReindexBatchPoison")]
    public async Task GiveUp(
        [QueueTrigger(FunctionSettings.ReindexPoisonQueue, Connection = FunctionSettings.ImagesConnection)] string message,
        CancellationToken cancellationToken)
    {
        if (Read(message) is { } batch)
        {
            await reindex.GiveUpAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The batch, or null for a message that is none: retrying cannot make it readable, so it is dropped.</summary>
    private ReindexBatch? Read(string message)
    {
        try
        {
            return ReindexBatchMessage.Read(message);
        }
        catch (FormatException malformed)
        {
            logger.MalformedMessage(StorageOptions.ReindexQueueSetting, "a re-index batch", $"{malformed.Message}: {QueueMessageJson.Excerpt(message)}");
            return null;
        }
    }
}
