using Microsoft.Extensions.Logging;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// On open, replays the logs that follow the snapshot and picks the one to append to. A compaction leaves, at a
/// crash, one of: the old log alone (before the rotation); the old log and <see cref="WriteAheadLog.NextFileName"/>
/// with the old snapshot (before the new snapshot's rename): both replayed, in order; the next log with the new
/// snapshot and an old log it already holds (before the logs' rename): the next log becomes the log; or the new
/// pair. Replaying a record the snapshot already holds changes nothing (an upsert carries the whole document, a
/// delete of a missing id does nothing), so every combination gives the state of the last committed write.
/// </summary>
internal static class LogRecovery
{
    /// <summary>The log to append to; <see cref="OlderLogPending"/> when it is the next log and the old one is still needed.</summary>
    public sealed record Result(WriteAheadLog Log, bool OlderLogPending);

    public static Result Open(string directory, int dimensions, long snapshotGeneration, Action<LogRecord> apply, ILogger logger)
    {
        var logPath = Path.Combine(directory, WriteAheadLog.FileName);
        var nextPath = Path.Combine(directory, WriteAheadLog.NextFileName);
        if (!File.Exists(nextPath))
        {
            return new Result(WriteAheadLog.Open(logPath, dimensions, snapshotGeneration, apply, logger), OlderLogPending: false);
        }

        if (WriteAheadLog.GenerationOf(logPath, dimensions) >= snapshotGeneration)
        {
            // The new snapshot was not in place yet: the old log, then the next one, on top of the old snapshot.
            WriteAheadLog.Open(logPath, dimensions, snapshotGeneration, apply, logger).Dispose();
            return new Result(WriteAheadLog.Open(nextPath, dimensions, snapshotGeneration + 1, apply, logger), OlderLogPending: true);
        }

        // The new snapshot is in place and holds the old log: the next log is the log.
        WriteAheadLog.Promote(directory);
        return new Result(WriteAheadLog.Open(logPath, dimensions, snapshotGeneration, apply, logger), OlderLogPending: false);
    }
}
