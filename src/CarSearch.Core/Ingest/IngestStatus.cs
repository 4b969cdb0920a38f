namespace CarSearch.Core.Ingest;

/// <summary>What <c>GET /api/ingest/status</c> answers.</summary>
/// <param name="Indexed">Documents in the index.</param>
/// <param name="Failed">Images that could not be indexed (see <paramref name="Failures"/>).</param>
/// <param name="Pending">Images stored but not yet indexed or failed (queued, in flight, or awaiting reconciliation).</param>
/// <param name="Failures">The most recent failures, newest first.</param>
/// <param name="Reindex">The running or last re-index, if any.</param>
public sealed record IngestStatus(
    long Indexed,
    long Failed,
    long Pending,
    IReadOnlyList<IngestFailure> Failures,
    ReindexProgress? Reindex = null);

/// <summary>One image that could not be indexed, and why.</summary>
public sealed record IngestFailure(string Name, string Reason, DateTimeOffset At);

/// <summary>Progress of a background re-index.</summary>
public sealed record ReindexProgress(
    bool Running,
    bool Force,
    long Total,
    long Done,
    long Failed,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);
