namespace CarSearch.Core.Ingest;

/// <summary>Starts a background re-index: every image whose model differs from the current one, or all with force.</summary>
public interface IReindexScheduler
{
    /// <summary>Starts a re-index unless one is running; returns its progress either way.</summary>
    ReindexProgress Start(bool force);
}
