using CarSearch.Core.Ingest;
using CarSearch.Functions.Hosting;
using CarSearch.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarSearch.Functions.Ingest;

/// <summary>
/// The blob trigger gave up on a blob (its poison queue): recorded as given up at the version that failed, so the
/// status shows it; reconciliation tries it again later, and a later successful ingest clears it.
/// </summary>
public sealed class IngestPoison(
    IngestService ingest,
    IOptions<StorageOptions> storage,
    IOptions<IngestOptions> options,
    ILogger<IngestPoison> logger)
{
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
            // The queue is shared by every blob trigger on the account: another container's blob is not ours to record.
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.IgnoredPoisonedBlob(QueueMessageJson.Excerpt(message));
            }

            return;
        }

        await ingest.RecordGaveUpAsync(
            poisoned.BlobName, poisoned.Version, options.Value.MaxAttempts, IngestService.GaveUpReason, cancellationToken).ConfigureAwait(false);
    }
}
