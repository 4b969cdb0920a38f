using Azure.Storage.Queues;
using CarSearch.Core.Ingest.Reindex;

namespace CarSearch.Storage;

/// <summary>Sends re-index batches to the storage queue <see cref="StorageOptions.ReindexQueue"/>, creating it on first use.</summary>
public sealed class StorageReindexBatchSender(QueueClient queue) : IReindexBatchSender, IDisposable
{
    private readonly CreatedOnce _created = new(token => queue.CreateIfNotExistsAsync(cancellationToken: token));

    public async Task SendAsync(ReindexBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await queue.SendMessageAsync(ReindexBatchMessage.Write(batch), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _created.Dispose();
}
