using Azure.Storage.Blobs;
using CarSearch.Core.Ingest;
using CarSearch.Functions.Hosting;
using CarSearch.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CarSearch.Functions.Ingest;

/// <summary>
/// Indexes an image uploaded (or overwritten) in the images' container. Event Grid source: the only blob trigger Flex
/// Consumption runs, fed by the <c>BlobCreated</c> subscription to the blobs extension's webhook.
/// </summary>
/// <remarks>
/// Binds a <see cref="BlobClient"/>, not the content: the ingest reads the blob itself and refuses an oversized one
/// from its properties before downloading anything. A bad image is recorded by the ingest and returns normally; a
/// storage or index failure throws, so the host tries again and finally parks the blob in the poison queue
/// (<see cref="IngestPoison"/>).
/// </remarks>
public sealed class IngestImage(IngestService ingest)
{
    [Function(nameof(IngestImage))]
    public Task Run(
        [BlobTrigger(StorageOptions.TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = FunctionSettings.ImagesConnection)]
        BlobClient blob,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return ingest.IngestStoredAsync(blob.Name, force: false, cancellationToken);
    }
}
