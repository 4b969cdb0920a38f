namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The whole index at one generation: a header with the document count, then one framed upsert record per
/// document. Written under a temporary name, fsynced, then renamed over the previous snapshot, so at every moment
/// the file on disk is a complete snapshot, either the old one or the new one.
/// </summary>
internal static class SnapshotFile
{
    public const string FileName = "index.snapshot";

    private const int BufferBytes = 1 << 20;

    /// <summary>
    /// Written bytes fsynced at a time: one fsync of gigabytes at the end would hold the disk for seconds, and the
    /// log's fsync (a waiting write) behind it.
    /// </summary>
    private const long SyncBytes = 8L * 1024 * 1024;

    private static readonly byte[] Magic = "CSIDXSNP"u8.ToArray();

    /// <summary>Applies every document of the snapshot; returns its generation, 0 when there is none yet.</summary>
    /// <exception cref="InvalidDataException">The snapshot is damaged: it was whole when renamed, so this is not a crash.</exception>
    public static long Load(string directory, int dimensions, Action<LogRecord> apply)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes);
        var header = IndexFileHeader.Read(stream, Magic, path, dimensions);
        var buffer = new byte[4096];
        for (long i = 0; i < header.Count; i++)
        {
            if (RecordFraming.Read(stream, ref buffer, out var length) != RecordFraming.ReadResult.Record)
            {
                throw new InvalidDataException($"Snapshot '{path}' is damaged at document {i} of {header.Count}.");
            }

            apply(DocumentCodec.Read(buffer, length));
        }

        if (RecordFraming.Read(stream, ref buffer, out _) != RecordFraming.ReadResult.EndOfFile)
        {
            throw new InvalidDataException($"Snapshot '{path}' has data after its {header.Count} documents.");
        }

        return header.Generation;
    }

    /// <summary>
    /// Writes and installs a snapshot of <paramref name="count"/> documents; returns its size in bytes. The rename
    /// replaces the previous snapshot: hold it first (<see cref="ReplacedFile"/>) to free it gently.
    /// </summary>
    public static long Write(string directory, int dimensions, long generation, int count, Action<int, BinaryWriter> writeDocument)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        long size;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes))
        {
            new IndexFileHeader(dimensions, generation, count).Write(stream, Magic);
            using var payload = new MemoryStream();
            using var writer = new BinaryWriter(payload);
            var synced = 0L;
            for (var i = 0; i < count; i++)
            {
                payload.SetLength(0);
                writeDocument(i, writer);
                writer.Flush();
                RecordFraming.Write(stream, payload.GetBuffer().AsSpan(0, (int)payload.Length));
                if (stream.Position - synced >= SyncBytes)
                {
                    stream.Flush(flushToDisk: true);
                    synced = stream.Position;
                }
            }

            stream.Flush(flushToDisk: true);
            size = stream.Length;
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(directory);
        return size;
    }
}
