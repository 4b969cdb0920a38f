using Microsoft.Extensions.Logging;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The append-only log of changes made since the snapshot of the same generation. A batch of records is written
/// with one call and made durable with one fsync (group commit); a crash can only leave a torn tail, which
/// <see cref="Open"/> cuts off. A new, empty log is always created under a temporary name and renamed into
/// place, so the log file on disk always has a whole header. A compaction rotates the log: new records go to
/// <see cref="NextFileName"/> while the snapshot is written, and that file becomes the log once the snapshot is in
/// place (<see cref="Promote"/>).
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    public const string FileName = "index.log";

    /// <summary>The log of the next generation, written while a compaction folds <see cref="FileName"/> away.</summary>
    public const string NextFileName = "index.log.next";

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
    /// Replays the log at <paramref name="path"/> on top of the state of generation <paramref name="generation"/>
    /// and opens it for appending. A log of an older generation was already folded into the snapshot (a crash hit
    /// between the snapshot's rename and the log's reset) and is replaced by an empty one.
    /// </summary>
    public static WriteAheadLog Open(string path, int dimensions, long generation, Action<LogRecord> apply, ILogger logger)
    {
        if (!File.Exists(path))
        {
            return CreateEmpty(path, dimensions, generation);
        }

        long goodLength;
        long fileLength;
        using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReplayBufferBytes))
        {
            var header = IndexFileHeader.Read(reader, Magic, path, dimensions);
            if (header.Generation < generation)
            {
                logger.StaleLogReplaced(header.Generation, generation);
                reader.Dispose();
                return CreateEmpty(path, dimensions, generation);
            }

            if (header.Generation > generation)
            {
                throw new InvalidDataException(
                    $"'{path}' continues generation {header.Generation} but the snapshot and logs before it end at " +
                    $"generation {generation}: the snapshot file was lost or replaced.");
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
        return new WriteAheadLog(stream, generation);
    }

    /// <summary>The generation in the header of the log at <paramref name="path"/>; null when there is no such file.</summary>
    public static long? GenerationOf(string path, int dimensions)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return IndexFileHeader.Read(reader, Magic, path, dimensions).Generation;
    }

    /// <summary>
    /// Starts <see cref="NextFileName"/>, empty, continuing the next generation, and closes this log, which stays on
    /// disk until the snapshot of the next generation is durable.
    /// </summary>
    public WriteAheadLog Rotate(string directory, int dimensions)
    {
        var next = CreateEmpty(Path.Combine(directory, NextFileName), dimensions, Generation + 1);
        _stream.Dispose();
        return next;
    }

    /// <summary>
    /// Renames <see cref="NextFileName"/> over <see cref="FileName"/> (durably): once the snapshot of the next log's
    /// generation is in place, the old log holds nothing the snapshot lacks. The next log may be open for appending.
    /// </summary>
    public static void Promote(string directory)
    {
        File.Move(Path.Combine(directory, NextFileName), Path.Combine(directory, FileName), overwrite: true);
        DirectorySync.Flush(directory);
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

    private static WriteAheadLog CreateEmpty(string path, int dimensions, long generation)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            new IndexFileHeader(dimensions, generation, Count: 0).Write(stream, Magic);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(path)!);
        var appendStream = OpenForAppend(path);
        appendStream.Position = appendStream.Length;
        return new WriteAheadLog(appendStream, generation);
    }

    // Unbuffered: a batch goes to the OS in one write, and a failed write leaves nothing queued in a buffer.
    // FileShare.Delete: the next log is renamed over the old one while it is open (Promote).
    private static FileStream OpenForAppend(string path) =>
        new(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, bufferSize: 0);
}
