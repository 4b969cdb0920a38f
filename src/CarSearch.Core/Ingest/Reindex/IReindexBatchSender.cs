namespace CarSearch.Core.Ingest.Reindex;

/// <summary>Sends re-index batches through a queue, to whichever instance takes them (a queue trigger, or serve).</summary>
public interface IReindexBatchSender
{
    Task SendAsync(ReindexBatch batch, CancellationToken cancellationToken = default);
}
