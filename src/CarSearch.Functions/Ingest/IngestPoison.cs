using CarSearch.Functions.Hosting;
using CarSearch.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CarSearch.Functions.Ingest;

/// <summary>
/// Records a blob the trigger gave up on as an ingest failure, so the status shows it; a later successful ingest (an
/// upload again, reconciliation) clears it.
/// </summary>
public sealed class IngestPoison(
    PoisonedBlobRecorder recorder,
    BlobTriggerAttempts attempts,
    ILogger<IngestPoison> logger)
{
    [Function(nameof(IngestPoison))]
    public async Task Run(
        [QueueTrigger(BlobTriggerPoisonMessage.QueueName, Connection = FunctionSettings.ImagesConnection)] string message,
        CancellationToken cancellationToken)
    {
        var outcome = await recorder.RecordAsync(message, attempts.Count, cancellationToken).ConfigureAwait(false);
        if (outcome == PoisonMessageOutcome.Unreadable)
        {
            // Retrying cannot make it readable; dropping it loses nothing reconciliation will not find again.
            logger.MalformedMessage(BlobTriggerPoisonMessage.QueueName, "a poisoned blob", QueueMessageJson.Excerpt(message));
        }
        else if (outcome == PoisonMessageOutcome.OtherContainer && logger.IsEnabled(LogLevel.Debug))
        {
            logger.IgnoredPoisonedBlob(QueueMessageJson.Excerpt(message));
        }
    }
}
