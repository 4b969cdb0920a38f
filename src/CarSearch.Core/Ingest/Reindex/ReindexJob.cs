namespace CarSearch.Core.Ingest.Reindex;

/// <summary>
/// One re-index as every instance sees it (kept by <see cref="IReindexJobs"/>): which documents it re-embeds, and into
/// how many batches they were split. Its progress is the batches' results, not a counter any one instance holds.
/// </summary>
/// <param name="Id">Unique per job; a batch of an older job is dropped.</param>
/// <param name="Force">Every document, not only those of another model.</param>
/// <param name="ModelId">The model the job re-embeds with.</param>
/// <param name="StartedAt">When it was started; with force, documents indexed since need nothing more.</param>
/// <param name="Total">Documents to re-embed.</param>
/// <param name="Batches">Work items queued, numbered from 0.</param>
/// <param name="Planned">Whether every batch is queued; until then the job is being prepared.</param>
public sealed record ReindexJob(
    string Id, bool Force, string ModelId, DateTimeOffset StartedAt, long Total = 0, int Batches = 0, bool Planned = false);
