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
    /// Bytes read at a time on load: about 900 documents to decode in parallel per chunk. Small enough that a chunk's
    /// arrays stay off the large object heap: at 16 MB they were there, every young document they held was a
    /// cross-generation reference, and the collector paused for 2 s of a 5 s load; at 2 MB, 0.9 s.
    /// </summary>
    private const int ChunkBytes = 2 << 20;

    /// <summary>
    /// Written bytes fsynced at a time: one fsync of gigabytes at the end would hold the disk for seconds, and the
    /// log's fsync (a waiting write) behind it.
    /// </summary>
    private const long SyncBytes = 8L * 1024 * 1024;

    private static readonly byte[] Magic = "CSIDXSNP"u8.ToArray();

    /// <summary>
    /// Appends every document of the snapshot to the empty <paramref name="table"/>; returns the snapshot's generation,
    /// 0 when there is none yet. The file is read in large chunks, each split into records in one pass, and the
    /// records are checked, decoded and quantised on every core (<see cref="DocumentTable.DecodeNew"/>), the previous
    /// chunk's documents added to the id map and postings meanwhile (<see cref="DocumentTable.AppendDecoded"/>): one record at
    /// a time on one thread took 13 µs a document, 13 s for a million. Documents are kept as their bytes without the
    /// embedding, one array per chunk (<see cref="DocumentRows"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The snapshot is damaged: it was whole when renamed, so this is not a crash.</exception>
    public static long Load(string directory, DocumentTable table, int chunkBytes = ChunkBytes)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        var header = IndexFileHeader.Read(stream, Magic, path, table.Vectors.Dimensions);
        var chunk = new byte[chunkBytes];
        var held = 0;
        var endOfFile = false;
        var records = new List<(int Start, int Length, int EncodedAt)>();
        var dimensions = table.Vectors.Dimensions;
        // Every document holds its embedding's floats, so the file's size bounds the rows worth reserving: a damaged
        // count is reported as damage when the records run out, not met by allocating gigabytes first.
        var mostDocuments = (stream.Length - stream.Position) / (dimensions * sizeof(float));
        table.Reserve((int)Math.Min(header.Count, mostDocuments));
        long loaded = 0;
        var appending = Task.CompletedTask;
        try
        {
            while (loaded < header.Count)
            {
                if (!endOfFile)
                {
                    var read = stream.ReadAtLeast(chunk.AsSpan(held), chunk.Length - held, throwOnEndOfStream: false);
                    endOfFile = held + read < chunk.Length;
                    held += read;
                }

                var position = FrameRecords(chunk.AsSpan(0, held), header.Count - loaded, dimensions, records, out var encodedBytes)
                    ?? throw Damaged(path, loaded + records.Count, header.Count);
                if (records.Count == 0)
                {
                    if (endOfFile)
                    {
                        throw Damaged(path, loaded, header.Count);
                    }

                    // A record larger than the chunk (documents are a few KB; the framing allows up to 16 MB).
                    Array.Resize(ref chunk, chunk.Length * 2);
                    continue;
                }

                var first = loaded;
                var decoded = Decode(table, chunk, records, encodedBytes, i => Damaged(path, first + i, header.Count));

                // The rows, id map and postings of this chunk are built while the next one is read and decoded.
                appending.GetAwaiter().GetResult();
                appending = Task.Run(() => table.AppendDecoded(decoded));
                loaded += records.Count;
                chunk.AsSpan(position, held - position).CopyTo(chunk);
                held -= position;
            }

            appending.GetAwaiter().GetResult();
        }
        catch
        {
            // Leave no append running on a table the caller is about to throw away; the first failure is the news.
            Task.WaitAny(appending);
            _ = appending.Exception;
            throw;
        }

        if (held > 0 || (!endOfFile && stream.ReadByte() >= 0))
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

    /// <summary>
    /// Frames the whole records at the start of <paramref name="held"/>, at most <paramref name="wanted"/>, into
    /// <paramref name="records"/> (start, length, and where its document goes in the chunk's encoded bytes); returns
    /// where the first byte not framed is, or null when the bytes there cannot be a record (damage).
    /// </summary>
    private static int? FrameRecords(
        ReadOnlySpan<byte> held, long wanted, int dimensions, List<(int Start, int Length, int EncodedAt)> records, out int encodedBytes)
    {
        records.Clear();
        var position = 0;
        encodedBytes = 0;
        while (records.Count < wanted)
        {
            var length = RecordFraming.RecordLength(held[position..]);
            if (length < 0)
            {
                return null;
            }

            if (length == 0 || position + length > held.Length)
            {
                break;
            }

            records.Add((position, length, encodedBytes));
            position += length;
            encodedBytes += Math.Max(0, DocumentCodec.EncodedLength(length - RecordFraming.HeaderBytes, dimensions));
        }

        return position;
    }

    /// <summary>
    /// Checks and decodes a chunk's framed records on every core (<see cref="DocumentTable.DecodeNew"/>). The chunk's
    /// documents, without their embeddings, are kept in one new array: the table decodes them when read.
    /// </summary>
    private static EncodedDocument[] Decode(
        DocumentTable table, byte[] chunk, List<(int Start, int Length, int EncodedAt)> records, int encodedBytes, Func<int, InvalidDataException> damaged)
    {
        var dimensions = table.Vectors.Dimensions;
        var encoded = new byte[encodedBytes];
        return table.DecodeNew(records.Count, (i, embedding) =>
        {
            var (start, length, encodedAt) = records[i];
            if (!RecordFraming.IsIntact(chunk.AsSpan(start, length)))
            {
                throw damaged(i);
            }

            var payloadLength = length - RecordFraming.HeaderBytes;
            var document = DocumentCodec.ReadSnapshotDocument(
                chunk, start + RecordFraming.HeaderBytes, payloadLength, embedding, encoded, encodedAt);
            return new EncodedDocument(document, encoded, encodedAt, DocumentCodec.EncodedLength(payloadLength, dimensions));
        });
    }

    private static InvalidDataException Damaged(string path, long document, long count) =>
        new($"Snapshot '{path}' is damaged at document {document} of {count}.");
}
