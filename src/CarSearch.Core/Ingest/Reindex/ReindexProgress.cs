namespace CarSearch.Core.Ingest.Reindex;

/// <summary>Progress of a re-index, from what storage holds: the same on every instance.</summary>
/// <param name="Running">Batches are still queued or being re-embedded.</param>
/// <param name="Total">Documents the job re-embeds.</param>
/// <param name="Done">Documents processed so far, <paramref name="Failed"/> included.</param>
/// <param name="Failed">Documents that could not be re-embedded; they keep their previous embedding.</param>
public sealed record ReindexProgress(
    bool Running,
    bool Force,
    long Total,
    long Done,
    long Failed,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);
