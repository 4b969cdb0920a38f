using Microsoft.Extensions.Logging;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The append-only log of changes made since the snapshot of the same generation. A batch of records is written
/// with one call and made durable with one fsync (group commit); a crash can only leave a torn tail, which
/// <see cref="Open"/> cuts off. A new, empty log is always created under a temporary name and renamed into
/// place, so the log file on disk always has a whole header.
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    public const string FileName = "index.log";

    private const int ReplayBufferBytes = 1 << 20;

    private static readonly byte[] Magic = "CSIDXLOG"u8.ToArray();

    private readonly FileStream _stream;

    private WriteAheadLog(FileStream stream, long generation)
    {
        _stream = stream;
        Generation = generation;
        Length = stream.Length;
    }

    /// <summary>The snapshot generation this log continues.</summary>
    public long Generation { get; }

    /// <summary>Bytes on disk that are committed (header included).</summary>
    public long Length { get; private set; }

    /// <summary>A failed commit could not be cut back: what is on disk after <see cref="Length"/> is unknown.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>
    /// Replays the log on top of the snapshot of <paramref name="snapshotGeneration"/> and opens it for appending.
    /// A log of an older generation was already folded into the snapshot (a crash hit between the snapshot's
    /// rename and the log's reset) and is replaced by an empty one.
    /// </summary>
    public static WriteAheadLog Open(
        string directory, int dimensions, long snapshotGeneration, Action<LogRecord> apply, ILogger logger)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return CreateEmpty(directory, dimensions, snapshotGeneration);
        }

        long goodLength;
        long fileLength;
        using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReplayBufferBytes))
        {
            var header = IndexFileHeader.Read(reader, Magic, path, dimensions);
            if (header.Generation < snapshotGeneration)
            {
                logger.StaleLogReplaced(header.Generation, snapshotGeneration);
                reader.Dispose();
                return CreateEmpty(directory, dimensions, snapshotGeneration);
            }

            if (header.Generation > snapshotGeneration)
            {
                throw new InvalidDataException(
                    $"'{path}' continues snapshot generation {header.Generation} but the snapshot is generation " +
                    $"{snapshotGeneration}: the snapshot file was lost or replaced.");
            }

            goodLength = Replay(reader, apply);
            fileLength = reader.Length;
        }

        var stream = OpenForAppend(path);
        if (goodLength < fileLength)
        {
            // Only the tail can be torn (records are appended, never rewritten), and its writer was never told it
            // was committed; cut it so new records follow the last whole one.
            logger.TornTailCut(path, fileLength - goodLength);
            stream.SetLength(goodLength);
            stream.Flush(flushToDisk: true);
        }

        stream.Position = goodLength;
        return new WriteAheadLog(stream, snapshotGeneration);
    }

    /// <summary>Replaces the log with an empty one continuing <paramref name="generation"/>; this instance is closed.</summary>
    public WriteAheadLog Reset(string directory, int dimensions, long generation)
    {
        _stream.Dispose();
        return CreateEmpty(directory, dimensions, generation);
    }

    /// <summary>Appends a batch of framed records and fsyncs; on failure the file is cut back to the last commit.</summary>
    public void Commit(ReadOnlySpan<byte> framedRecords)
    {
        try
        {
            _stream.Write(framedRecords);
            _stream.Flush(flushToDisk: true);
            Length += framedRecords.Length;
        }
        catch
        {
            try
            {
                _stream.SetLength(Length);
                _stream.Position = Length;
            }
            catch (IOException)
            {
                IsBroken = true;
            }

            throw;
        }
    }

    public void Dispose() => _stream.Dispose();

    private static long Replay(FileStream reader, Action<LogRecord> apply)
    {
        var buffer = new byte[4096];
        var goodLength = reader.Position;
        while (RecordFraming.Read(reader, ref buffer, out var length) == RecordFraming.ReadResult.Record)
        {
            apply(DocumentCodec.Read(buffer, length));
            goodLength = reader.Position;
        }

        return goodLength;
    }

    private static WriteAheadLog CreateEmpty(string directory, int dimensions, long generation)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            new IndexFileHeader(dimensions, generation, Count: 0).Write(stream, Magic);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(directory);
        var appendStream = OpenForAppend(path);
        appendStream.Position = appendStream.Length;
        return new WriteAheadLog(appendStream, generation);
    }

    // Unbuffered: a batch goes to the OS in one write, and a failed write leaves nothing queued in a buffer.
    private static FileStream OpenForAppend(string path) =>
        new(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
}
