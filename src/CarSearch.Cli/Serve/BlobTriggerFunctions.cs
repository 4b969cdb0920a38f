using Azure.Storage.Blobs;
using CarSearch.Core.Ingest;
using CarSearch.Storage;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarSearch.Cli.Serve;

/// <summary>
/// The WebJobs functions of <c>carsearch serve</c>: the same blob trigger engine the Functions host runs (here with
/// its polling source), handing each new or changed image to the shared <see cref="IngestService"/>, and the handler
/// of the trigger's poison queue. Thin on purpose: every rule lives in the ingest service.
/// </summary>
public sealed class BlobTriggerFunctions(
    IngestService ingest,
    PoisonedBlobRecorder poisonRecorder,
    IOptions<BlobsOptions> blobs,
    ILogger<BlobTriggerFunctions> logger)
{
    /// <summary>
    /// A bad image is recorded by the ingest and returns normally; a failure of storage or the index throws, so the
    /// trigger retries and, after <see cref="BlobsOptions.PoisonBlobThreshold"/> attempts, parks the blob in the
    /// poison queue.
    /// </summary>
    [FunctionName("IngestImage")]
    public Task IngestImageAsync(
        [BlobTrigger(StorageOptions.TriggerPath, Connection = StorageOptions.ConnectionSetting)] BlobClient blob,
        CancellationToken cancellationToken) =>
        ingest.IngestStoredAsync(blob.Name, cancellationToken: cancellationToken);

    /// <summary>The trigger gave up on a blob: record it so the ingest status shows it, instead of only the log.</summary>
    [FunctionName("IngestPoison")]
    public async Task RecordPoisonAsync(
        [QueueTrigger(BlobTriggerPoisonMessage.QueueName, Connection = StorageOptions.ConnectionSetting)] string message,
        CancellationToken cancellationToken)
    {
        var outcome = await poisonRecorder.RecordAsync(message, blobs.Value.PoisonBlobThreshold, cancellationToken).ConfigureAwait(false);
        if (outcome != PoisonMessageOutcome.Recorded)
        {
            // Another function's poison (the queue is shared by every blob trigger on the account): not ours to record.
            logger.IgnoredPoisonMessage(message);
        }
    }
}
