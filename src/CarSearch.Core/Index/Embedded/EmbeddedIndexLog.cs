using Microsoft.Extensions.Logging;

namespace CarSearch.Core.Index.Embedded;

/// <summary>What the embedded index tells operators, as source-generated log messages.</summary>
internal static partial class EmbeddedIndexLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Opened the embedded index in '{Directory}': {Count} documents, snapshot generation {Generation}.")]
    public static partial void Opened(this ILogger logger, string directory, int count, long generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index log '{Path}': cut {Bytes} bytes of torn or corrupt tail after the last whole record.")]
    public static partial void TornTailCut(this ILogger logger, string path, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaced the log of generation {LogGeneration}: snapshot {SnapshotGeneration} already holds it.")]
    public static partial void StaleLogReplaced(this ILogger logger, long logGeneration, long snapshotGeneration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted the index into snapshot generation {Generation} ({Bytes} bytes, {Count} documents).")]
    public static partial void Compacted(this ILogger logger, long generation, long bytes, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Compacting the embedded index failed; the log keeps growing until a compaction succeeds.")]
    public static partial void CompactionFailed(this ILogger logger, Exception exception);
}
