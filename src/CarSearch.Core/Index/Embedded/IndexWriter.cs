using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The single writer of an embedded index. Writes queue up; one loop takes whatever has queued, appends it to the
/// log with one fsync (group commit: concurrent writers share the cost of a disk flush), applies it to the table
/// under the write lock, and only then completes the callers' tasks. So a completed write is durable and visible,
/// and a crash loses only writes whose tasks had not completed. The loop also compacts, so compaction never races
/// a write.
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
    private readonly ILogger _logger;
    private readonly MemoryStream _batchBytes = new();
    private readonly MemoryStream _recordBytes = new();
    private readonly BinaryWriter _recordWriter;
    private readonly Task _loop;
    private WriteAheadLog _log;
    private long _snapshotBytes;
    private Exception? _fault;

    public IndexWriter(
        string directory, DocumentTable table, ReaderWriterLockSlim gate, WriteAheadLog log, long snapshotBytes,
        long compactionLogBytes, ILogger logger)
    {
        _directory = directory;
        _table = table;
        _gate = gate;
        _log = log;
        _snapshotBytes = snapshotBytes;
        _compactionLogBytes = compactionLogBytes;
        _logger = logger;
        _recordWriter = new BinaryWriter(_recordBytes);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Commits the record; true when it changed the index (a delete of a missing id changes nothing).</summary>
    public Task<bool> WriteAsync(LogRecord record, CancellationToken cancellationToken) =>
        EnqueueAsync(new PendingWrite(record), cancellationToken);

    /// <summary>Folds the log into a new snapshot now.</summary>
    public Task CompactAsync(CancellationToken cancellationToken) =>
        EnqueueAsync(new PendingWrite(null), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Queued writes are still committed: their callers are waiting for them.
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
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
        if (_fault is not null)
        {
            batch.ForEach(write => write.Completion.TrySetException(Faulted()));
            return;
        }

        var compactionRequested = EncodeBatch(batch);
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
        if (compactionRequested || _log.Length > Math.Max(_compactionLogBytes, _snapshotBytes))
        {
            Compact(batch);
        }
    }

    /// <summary>Frames the batch's records into <see cref="_batchBytes"/>, deciding what each delete will do.</summary>
    private bool EncodeBatch(List<PendingWrite> batch)
    {
        _batchBytes.SetLength(0);
        var compactionRequested = false;
        var presentAfterBatch = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var write in batch)
        {
            if (write.Record is not { } record)
            {
                compactionRequested = true;
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

        return compactionRequested;
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

    /// <summary>
    /// Snapshot first (temp, fsync, rename), then a new empty log of the next generation. A crash before the rename
    /// keeps the old snapshot and log; a crash after it leaves a log of the older generation, which the next open
    /// recognises as already folded in and replaces.
    /// </summary>
    private void Compact(List<PendingWrite> batch)
    {
        var requests = batch.Where(write => write.Record is null).ToList();
        if (_fault is not null)
        {
            requests.ForEach(write => write.Completion.TrySetException(Faulted()));
            return;
        }

        try
        {
            var generation = _log.Generation + 1;
            // No lock needed to read the table: this loop is its only writer, and readers only read.
            _snapshotBytes = SnapshotFile.Write(_directory, _table.Vectors.Dimensions, generation, _table.Count, _table.WriteSnapshotRecord);
            try
            {
                _log = _log.Reset(_directory, _table.Vectors.Dimensions, generation);
            }
            catch (Exception e)
            {
                _fault = e;
                throw;
            }

            _logger.Compacted(generation, _snapshotBytes, _table.Count);
            requests.ForEach(write => write.Completion.TrySetResult(true));
        }
        catch (Exception e)
        {
            // The old snapshot and log are intact (or the log is of an older generation, which open handles).
            _logger.CompactionFailed(e);
            requests.ForEach(write => write.Completion.TrySetException(e));
        }
    }

    private InvalidOperationException Faulted() =>
        new("The embedded index could not write to its directory and stopped accepting writes; reopen it.", _fault);

    /// <summary>A queued write (or, with no record, a compaction request) and the task its caller awaits.</summary>
    private sealed class PendingWrite(LogRecord? record)
    {
        public LogRecord? Record { get; } = record;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Whether the record changes the index, decided when the batch is encoded.</summary>
        public bool Changes { get; set; }
    }
}
