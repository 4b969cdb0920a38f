using CarSearch.Core.Ingest;
using CarSearch.Functions.Hosting;
using CarSearch.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarSearch.Functions.Ingest;

/// <summary>
/// Takes a deleted image out of the index. Event Grid delivers the container's <c>BlobDeleted</c> events to a storage
/// queue (no webhook key needed, unlike the blob trigger's), one event per message.
/// </summary>
public sealed class ImageDeleted(
    IngestService ingest,
    IOptions<StorageOptions> storage,
    ILogger<ImageDeleted> logger)
{
    [Function(nameof(ImageDeleted))]
    public async Task Run(
        [QueueTrigger(FunctionSettings.ImageDeletesQueue, Connection = FunctionSettings.ImagesConnection)] string message,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<BlobEvent> events;
        try
        {
            events = BlobEvent.Parse(message);
        }
        catch (FormatException malformed)
        {
            // Retrying cannot make it readable, and a poison queue would only collect it; reconciliation removes the
            // document if the blob really is gone.
            logger.MalformedMessage(FunctionSettings.ImageDeletesQueueSetting, "an Event Grid blob event", $"{malformed.Message}: {QueueMessageJson.Excerpt(message)}");
            return;
        }

        foreach (var blobEvent in events)
        {
            await HandleAsync(blobEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(BlobEvent blobEvent, CancellationToken cancellationToken)
    {
        if (!blobEvent.IsDelete || !string.Equals(blobEvent.Container, storage.Value.Container, StringComparison.Ordinal))
        {
            logger.IgnoredBlobEvent(blobEvent.EventType, blobEvent.Container, blobEvent.BlobName);
            return;
        }

        await ingest.RemoveDeletedAsync(blobEvent.BlobName, cancellationToken).ConfigureAwait(false);
    }
}
