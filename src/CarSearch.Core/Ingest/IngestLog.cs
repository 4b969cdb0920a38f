using Microsoft.Extensions.Logging;

namespace CarSearch.Core.Ingest;

/// <summary>What the ingest tells operators, as source-generated log messages.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Indexed '{Name}' ({Format} {Width}x{Height}, {Bytes} bytes).")]
    public static partial void Indexed(this ILogger logger, string name, string format, int width, int height, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not make the thumbnail of '{Name}'; the image is indexed, and its thumbnail is made on first request.")]
    public static partial void ThumbnailNotMade(this ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "'{Name}' is unchanged since it was indexed; not embedded again.")]
    public static partial void Unchanged(this ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected '{Name}': {Reason}")]
    public static partial void Rejected(this ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed '{Name}' from the index (its blob is gone).")]
    public static partial void Removed(this ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up on '{Name}' after {Attempts} attempts: {Reason}")]
    public static partial void GaveUp(this ILogger logger, string name, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded {Count} images in one model run.")]
    public static partial void BatchEmbedded(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The image model failed on a batch of {Count} images.")]
    public static partial void BatchFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled the container with the index: {Added} added, {Removed} removed, {Unchanged} unchanged, {Failed} failed, {Pending} still pending.")]
    public static partial void Reconciled(this ILogger logger, int added, int removed, int unchanged, int failed, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ingest status could not count the {Kind} index; it reports the rest.")]
    public static partial void IndexUncounted(this ILogger logger, Exception exception, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Comparing the container with the index failed; trying again with backoff.")]
    public static partial void ScanFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "'{Name}' is stored again; its delete is not applied.")]
    public static partial void StoredAgain(this ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {Attempt} of {MaxAttempts} to index '{Name}' failed.")]
    public static partial void AttemptFailed(this ILogger logger, Exception exception, string name, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record that '{Name}' was given up; it stays pending.")]
    public static partial void GiveUpNotRecorded(this ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-index started: {Total} documents in {Batches} batches (force: {Force}).")]
    public static partial void ReindexStarted(this ILogger logger, long total, int batches, bool force);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped re-index batch {Number} of job {JobId}: a newer job replaced it.")]
    public static partial void ReindexBatchSuperseded(this ILogger logger, int number, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up re-index batch {Number}; its {Count} images keep their previous embedding.")]
    public static partial void ReindexBatchGivenUp(this ILogger logger, int number, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-index could not re-embed '{Name}'; it keeps its previous embedding.")]
    public static partial void ReindexItemFailed(this ILogger logger, Exception exception, string name);

}
