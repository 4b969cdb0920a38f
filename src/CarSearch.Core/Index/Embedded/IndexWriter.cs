using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The single writer of an embedded index. Writes queue up; one loop takes whatever has queued, appends it to the
/// log with one fsync (group commit: concurrent writers share the cost of a disk flush), applies it to the table
/// under the write lock, and only then completes the callers' tasks. So a completed write is durable and visible,
/// and a crash loses only writes whose tasks had not completed. When the log outgrows its threshold (or on request)
/// the loop starts a compaction without waiting for it: it rotates the log and freezes the table (both cheap), and a
/// background task (<see cref="SnapshotCompaction"/>) writes the snapshot while the loop goes on committing. One
/// compaction at a time; a request made while one runs is served by the next.
/// </summary>
internal sealed class IndexWriter : IAsyncDisposable
{
    /// <summary>Enough to amortise an fsync over many writers, small enough to bound a batch's latency.</summary>
    private const int MaxBatchRecords = 256;

    private readonly Channel<PendingWrite> _queue =
        Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });

    private readonly string _directory;
    private readonly DocumentTable _table;
    private readonly ReaderWriterLockSlim _gate;
    private readonly long _compactionLogBytes;
    private readonly Action? _beforeSnapshotWrite;
    private readonly ILogger _logger;
    private readonly MemoryStream _batchBytes = new();
    private readonly MemoryStream _recordBytes = new();
    private readonly BinaryWriter _recordWriter;
    private readonly List<PendingWrite> _compactionRequests = [];
    private readonly Task _loop;
    private WriteAheadLog _log;
    private long _snapshotBytes;
    private Exception? _fault;

    // The log file is the next log and the old one is kept until a snapshot holds it (a compaction is running, or
    // one failed or was cut short by a crash): the next compaction does not rotate again.
    // Set by the compaction's task, read by the loop only after that task's end was queued (or awaited).
    private volatile bool _olderLogPending;
    private Task? _compaction;

    /// <param name="beforeSnapshotWrite">A test seam: runs on the compaction's task before it writes the snapshot.</param>
    public IndexWriter(
        string directory, DocumentTable table, ReaderWriterLockSlim gate, LogRecovery.Result logs, long snapshotBytes,
        long compactionLogBytes, ILogger logger, Action? beforeSnapshotWrite = null)
    {
        _directory = directory;
        _table = table;
        _gate = gate;
        _log = logs.Log;
        _olderLogPending = logs.OlderLogPending;
        _snapshotBytes = snapshotBytes;
        _compactionLogBytes = compactionLogBytes;
        _logger = logger;
        _beforeSnapshotWrite = beforeSnapshotWrite;
        _recordWriter = new BinaryWriter(_recordBytes);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Commits the record; true when it changed the index (a delete of a missing id changes nothing).</summary>
    public Task<bool> WriteAsync(LogRecord record, CancellationToken cancellationToken) =>
        EnqueueAsync(new PendingWrite(record), cancellationToken);

    /// <summary>Folds the log into a new snapshot now; completes when the snapshot is durable and the old files freed.</summary>
    public Task CompactAsync(CancellationToken cancellationToken) =>
        EnqueueAsync(PendingWrite.CompactionRequest(), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Queued writes and compaction requests are still served: their callers are waiting for them.
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        while (_compaction is { } running)
        {
            // Its end could not be queued to the finished loop; serve the requests that were waiting for it.
            await running.ConfigureAwait(false);
            _compaction = null;
            if (_compactionRequests.Count > 0)
            {
                CompactIfDue();
            }
        }

        _log.Dispose();
        _recordWriter.Dispose();
        _batchBytes.Dispose();
    }

    private Task<bool> EnqueueAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        // Cancellation is honoured until the write is queued; after that it is committed or fails as a whole.
        cancellationToken.ThrowIfCancellationRequested();
        if (_fault is not null)
        {
            throw Faulted();
        }

        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(write), typeof(EmbeddedVectorIndex));

        return write.Completion.Task;
    }

    private async Task RunAsync()
    {
        if (_olderLogPending)
        {
            // A compaction was cut short by a crash: finish folding both logs before they grow further.
            StartCompaction();
        }

        var batch = new List<PendingWrite>(MaxBatchRecords);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatchRecords && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                Process(batch);
            }
            catch (Exception e)
            {
                // A bug must not kill the loop silently and leave every later writer waiting forever.
                _fault ??= e;
                batch.ForEach(write => write.Completion.TrySetException(e));
            }

            batch.Clear();
        }
    }

    private void Process(List<PendingWrite> batch)
    {
        if (batch.RemoveAll(write => write.EndsCompaction) > 0)
        {
            _compaction = null;
            if (batch.Count == 0)
            {
                CompactIfDue();
                return;
            }
        }

        if (_fault is not null)
        {
            batch.ForEach(write => write.Completion.TrySetException(Faulted()));
            CompactIfDue();
            return;
        }

        EncodeBatch(batch);
        try
        {
            if (_batchBytes.Length > 0)
            {
                _log.Commit(_batchBytes.GetBuffer().AsSpan(0, (int)_batchBytes.Length));
            }
        }
        catch (Exception e)
        {
            // Commit cut the file back to the last commit, so the index is as before this batch; if even that
            // failed, the log's state is unknown and nothing more may be written until the index is reopened.
            if (_log.IsBroken)
            {
                _fault = e;
            }

            batch.ForEach(write => write.Completion.TrySetException(e));
            return;
        }

        Apply(batch);
        _compactionRequests.AddRange(batch.Where(write => write.Record is null));
        CompactIfDue();
    }

    /// <summary>Frames the batch's records into <see cref="_batchBytes"/>, deciding what each delete will do.</summary>
    private void EncodeBatch(List<PendingWrite> batch)
    {
        _batchBytes.SetLength(0);
        var presentAfterBatch = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var write in batch)
        {
            if (write.Record is not { } record)
            {
                continue;
            }

            var present = presentAfterBatch.TryGetValue(record.Id, out var known) ? known : _table.Contains(record.Id);
            write.Changes = record.Kind == LogRecord.Operation.Upsert || present;
            presentAfterBatch[record.Id] = record.Kind == LogRecord.Operation.Upsert;
            if (!write.Changes)
            {
                continue;
            }

            _recordBytes.SetLength(0);
            if (record.Kind == LogRecord.Operation.Upsert)
            {
                DocumentCodec.WriteUpsert(_recordWriter, record.Document!, record.Document!.Embedding);
            }
            else
            {
                DocumentCodec.WriteDelete(_recordWriter, record.Id);
            }

            _recordWriter.Flush();
            if (_recordBytes.Length > RecordFraming.MaxPayloadBytes)
            {
                // Replay would take it for garbage and cut it with everything after it: refuse it here instead.
                write.Changes = false;
                presentAfterBatch[record.Id] = present;
                write.Completion.TrySetException(new ArgumentException(
                    $"The document '{record.Id}' takes {_recordBytes.Length} bytes; the limit is {RecordFraming.MaxPayloadBytes}."));
                continue;
            }

            RecordFraming.Write(_batchBytes, _recordBytes.GetBuffer().AsSpan(0, (int)_recordBytes.Length));
        }
    }

    private void Apply(List<PendingWrite> batch)
    {
        _gate.EnterWriteLock();
        try
        {
            foreach (var write in batch)
            {
                if (write is { Changes: true, Record: { } record })
                {
                    _table.Apply(record);
                }
            }
        }
        catch (Exception e)
        {
            // The log holds what memory does not: only a reopen (replay) makes them agree again.
            _fault = e;
            batch.ForEach(write => write.Completion.TrySetException(e));
            return;
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        foreach (var write in batch)
        {
            if (write.Record is not null)
            {
                // TrySet: a write refused while encoding already has its exception.
                write.Completion.TrySetResult(write.Changes);
            }
        }
    }

    /// <summary>Starts a compaction when one was asked for or the log outgrew its threshold, unless one is running.</summary>
    private void CompactIfDue()
    {
        if (_compaction is not null)
        {
            return;
        }

        if (_fault is not null)
        {
            _compactionRequests.ForEach(write => write.Completion.TrySetException(Faulted()));
            _compactionRequests.Clear();
            return;
        }

        if (_compactionRequests.Count > 0 || _log.Length > Math.Max(_compactionLogBytes, _snapshotBytes))
        {
            StartCompaction();
        }
    }

    /// <summary>
    /// On the loop, between batches: rotates the log (new writes go to the next log) and freezes the table, both
    /// without copying the index, then writes the snapshot on a long-running task. Crash points: see
    /// <see cref="LogRecovery"/>.
    /// </summary>
    private void StartCompaction()
    {
        List<PendingWrite> requests = [.. _compactionRequests];
        _compactionRequests.Clear();
        SnapshotCompaction compaction;
        try
        {
            if (!_olderLogPending)
            {
                _log = _log.Rotate(_directory, _table.Vectors.Dimensions);
                _olderLogPending = true;
            }

            // No lock: this loop is the table's only writer, and the view is read without one.
            compaction = new SnapshotCompaction(_directory, _table, _gate, _table.Freeze(), _log.Generation, _beforeSnapshotWrite);
        }
        catch (Exception e)
        {
            // The old log is still the one appended to (the rotation is the only step before this that writes).
            _logger.CompactionFailed(e);
            requests.ForEach(write => write.Completion.TrySetException(e));
            return;
        }

        _compaction = Task.Factory.StartNew(
            () => RunCompaction(compaction, requests), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void RunCompaction(SnapshotCompaction compaction, List<PendingWrite> requests)
    {
        Exception? failure = null;
        try
        {
            Volatile.Write(ref _snapshotBytes, compaction.Run());
            _olderLogPending = false;
            _logger.Compacted(compaction.Generation, _snapshotBytes, compaction.Count);
        }
        catch (Exception e)
        {
            // Every file is as a crash here would leave it: the next compaction (or open) finishes the job.
            failure = e;
            _logger.CompactionFailed(e);
        }

        // Queued before the requests complete, so a request their callers make next finds no compaction running.
        _queue.Writer.TryWrite(PendingWrite.CompactionEnd());
        requests.ForEach(write =>
        {
            if (failure is null)
            {
                write.Completion.TrySetResult(true);
            }
            else
            {
                write.Completion.TrySetException(failure);
            }
        });
    }

    private InvalidOperationException Faulted() =>
        new("The embedded index could not write to its directory and stopped accepting writes; reopen it.", _fault);

    /// <summary>
    /// A queued write (or, with no record, a compaction request) and the task its caller awaits; or the news that the
    /// running compaction ended, which no one awaits.
    /// </summary>
    private sealed class PendingWrite(LogRecord? record, bool endsCompaction = false)
    {
        public LogRecord? Record { get; } = record;

        public bool EndsCompaction { get; } = endsCompaction;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Whether the record changes the index, decided when the batch is encoded.</summary>
        public bool Changes { get; set; }

        public static PendingWrite CompactionRequest() => new(null);

        public static PendingWrite CompactionEnd() => new(null, endsCompaction: true);
    }
}
