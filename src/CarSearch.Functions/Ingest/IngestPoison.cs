using CarSearch.Core.Ingest;
using CarSearch.Functions.Hosting;
using CarSearch.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarSearch.Functions.Ingest;

/// <summary>
/// Records a blob the trigger gave up on as an ingest failure, so the status shows it; a later successful ingest (an
/// upload again, reconciliation) clears it.
/// </summary>
public sealed class IngestPoison(
    IngestService ingest,
    IOptions<StorageOptions> storage,
    BlobTriggerAttempts attempts,
    ILogger<IngestPoison> logger)
{
    /// <summary>What the status says: rejections never get here, so every attempt failed on something unexpected.</summary>
    public const string Reason =
        "every attempt failed with an error of storage, the index or the model; the IngestImage function's logs hold each one";

    [Function(nameof(IngestPoison))]
    public async Task Run(
        [QueueTrigger(BlobTriggerPoisonMessage.QueueName, Connection = FunctionSettings.ImagesConnection)] string message,
        CancellationToken cancellationToken)
    {
        if (BlobTriggerPoisonMessage.TryParse(message) is not { } poisoned)
        {
            // Retrying cannot make it readable; dropping it loses nothing reconciliation will not find again.
            logger.MalformedMessage(BlobTriggerPoisonMessage.QueueName, "a poisoned blob", QueueMessageJson.Excerpt(message));
            return;
        }

        if (!string.Equals(poisoned.ContainerName, storage.Value.Container, StringComparison.Ordinal))
        {
            logger.IgnoredPoisonedBlob(poisoned.ContainerName);
            return;
        }

        await ingest.RecordGaveUpAsync(poisoned.BlobName, attempts.Count, Reason, cancellationToken).ConfigureAwait(false);
    }
}
