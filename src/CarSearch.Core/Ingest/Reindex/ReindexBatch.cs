namespace CarSearch.Core.Ingest.Reindex;

/// <summary>One work item of a re-index: the images of one batch, by blob name.</summary>
public sealed record ReindexBatch(string JobId, int Number, IReadOnlyList<string> Names);

/// <summary>What one processed batch did.</summary>
/// <param name="At">When the result was recorded (the store's clock).</param>
public sealed record ReindexBatchResult(int Number, int Done, int Failed, DateTimeOffset At);
