namespace CarSearch.Core.Ingest.Reindex;

/// <summary>
/// Where a re-index lives so that every instance reports and continues the same one (blobs beside the failures
/// ledger): the current job, and one result per processed batch. Recording a batch twice is harmless.
/// </summary>
public interface IReindexJobs
{
    /// <summary>The current (running or last) job; null before the first.</summary>
    Task<ReindexJob?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="job"/> the current job if the current one is still <paramref name="replacing"/> (by id;
    /// null: there is none). False when another instance replaced it first.
    /// </summary>
    Task<bool> TryReplaceAsync(ReindexJob job, string? replacing, CancellationToken cancellationToken = default);

    /// <summary>Saves the job's plan (total, batches) once its batches are queued.</summary>
    Task UpdateAsync(ReindexJob job, CancellationToken cancellationToken = default);

    Task RecordBatchAsync(string jobId, ReindexBatchResult result, CancellationToken cancellationToken = default);

    /// <summary>Every batch result of <paramref name="jobId"/> recorded so far.</summary>
    Task<IReadOnlyList<ReindexBatchResult>> ListBatchesAsync(string jobId, CancellationToken cancellationToken = default);
}
