namespace CarSearch.Core.Ingest.Reindex;

/// <summary>Starts a re-index: every image whose model differs from the current one, or all with force.</summary>
public interface IReindexScheduler
{
    /// <summary>Starts a re-index unless one is running (on any instance); returns the progress of the one that runs.</summary>
    Task<ReindexProgress> StartAsync(bool force, CancellationToken cancellationToken = default);
}
