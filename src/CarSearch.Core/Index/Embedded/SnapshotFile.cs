namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The whole index at one generation: a header with the document count, the embeddings and their int8 codes laid out
/// as the vector blocks hold them, mapped when the index opens (<see cref="SnapshotVectorBlocks"/>), then one framed
/// record per document without its embedding. Written under a temporary name, fsynced, then renamed over the previous
/// snapshot, so at every moment the file on disk is a complete snapshot, either the old one or the new one. Snapshots
/// of the earlier versions (each record with its embedding; the embeddings in framed runs,
/// <see cref="SnapshotVectorFrames"/>) still load; the next compaction rewrites them in this form.
/// </summary>
internal static class SnapshotFile
{
    public const string FileName = "index.snapshot";

    /// <summary>Format version 1: one record per document, its embedding inside.</summary>
    private const int EmbeddingsInDocuments = 1;

    /// <summary>Format version 2: the embeddings in framed runs of rows (<see cref="SnapshotVectorFrames"/>), then the documents without them.</summary>
    private const int EmbeddingsApart = 2;

    /// <summary>Format version 3 (written now): the vector blocks' regions to map (<see cref="SnapshotVectorBlocks"/>), then the documents.</summary>
    private const int MappedBlocks = 3;

    private const int BufferBytes = 1 << 20;

    /// <summary>
    /// Bytes of documents read at a time on load: about 700 documents to decode in parallel per chunk, without their
    /// embeddings. Small enough that the array a chunk's documents are kept in stays off the large object heap: there
    /// every young document it held was a cross-generation reference, and the collector paused for 2 s of a 5 s load.
    /// </summary>
    private const int ChunkBytes = 64 << 10;

    /// <summary>The same for the first format, whose documents carry their embeddings (2 KB each at 512 dimensions): about 900 a chunk.</summary>
    private const int ChunkBytesWithEmbeddings = 2 << 20;

    /// <summary>
    /// Written bytes fsynced at a time: one fsync of gigabytes at the end would hold the disk for seconds, and the
    /// log's fsync (a waiting write) behind it.
    /// </summary>
    private const long SyncBytes = 8L * 1024 * 1024;

    private static readonly byte[] Magic = "CSIDXSNP"u8.ToArray();

    /// <summary>
    /// Appends every document of the snapshot to the empty <paramref name="table"/>; returns the snapshot's generation,
    /// 0 when there is none yet. The embeddings are mapped and checked (or, from a snapshot of version 2, read into
    /// their rows and quantised), on every core, while the documents load beside them: read in chunks, each split into
    /// records in one pass, the records checked and decoded on every core (<see cref="DocumentTable.DecodeNew"/>), the
    /// previous chunk's documents added to the id map and postings meanwhile (<see cref="DocumentTable.AppendDecoded"/>).
    /// Documents are kept as their bytes, in arrays shared by many chunks (<see cref="DocumentRows"/>, <see cref="KeptBytes"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The snapshot is damaged: it was whole when renamed, so this is not a crash.</exception>
    public static long Load(string directory, DocumentTable table, int? chunkBytes = null)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        var dimensions = table.Vectors.Dimensions;
        var header = IndexFileHeader.Read(stream, Magic, path, dimensions, newestVersion: MappedBlocks);
        var withEmbeddings = header.Version == EmbeddingsInDocuments;
        var embeddingsAt = stream.Position;
        var blocks = SnapshotVectorBlocks.Layout.After(embeddingsAt, header.Count, dimensions);
        var documentsAt = header.Version switch
        {
            EmbeddingsInDocuments => embeddingsAt,
            EmbeddingsApart => embeddingsAt + SnapshotVectorFrames.Bytes(header.Count, dimensions),
            _ => blocks.DocumentsAt,
        };

        // Every document's embedding is in the file, so its size bounds the rows worth reserving: a damaged count is
        // reported as damage, not met by allocating gigabytes first.
        var mostDocuments = (stream.Length - embeddingsAt) / (dimensions * sizeof(float));
        if (header.Count < 0 || documentsAt > stream.Length)
        {
            throw new InvalidDataException(
                $"Snapshot '{path}' is damaged: its header counts {header.Count} documents, which its {stream.Length} bytes cannot hold.");
        }

        var mapped = header.Version == MappedBlocks;
        table.Reserve((int)Math.Min(header.Count, mostDocuments), vectors: !mapped);
        Action loadEmbeddings;
        if (mapped)
        {
            var hashes = SnapshotVectorBlocks.ReadHashes(stream, blocks, path);
            loadEmbeddings = () => SnapshotVectorBlocks.Load(path, blocks, hashes, table.Vectors);
        }
        else
        {
            loadEmbeddings = () => SnapshotVectorFrames.Load(stream.SafeFileHandle, path, embeddingsAt, header.Count, table.Vectors);
        }

        var embeddings = withEmbeddings ? Task.CompletedTask : Task.Run(loadEmbeddings);
        long end;
        try
        {
            stream.Position = documentsAt;
            end = LoadDocuments(
                stream, path, header.Count, table, withEmbeddings, chunkBytes ?? (withEmbeddings ? ChunkBytesWithEmbeddings : ChunkBytes));
        }
        finally
        {
            // Leave no read running on a table the caller may throw away; a damaged document is reported first.
            Task.WaitAny(embeddings);
        }

        embeddings.GetAwaiter().GetResult();
        if (end != stream.Length)
        {
            throw new InvalidDataException($"Snapshot '{path}' has data after its {header.Count} documents.");
        }

        return header.Generation;
    }

    /// <summary>
    /// Writes and installs a snapshot of <paramref name="count"/> documents; returns its size in bytes.
    /// <paramref name="writeDocument"/> writes a document's upsert with an empty embedding, <paramref name="copyVector"/>
    /// copies its embedding. The rename replaces the previous snapshot: hold it first (<see cref="ReplacedFile"/>) to
    /// free it gently.
    /// </summary>
    public static long Write(
        string directory, int dimensions, long generation, int count, Action<int, BinaryWriter> writeDocument, Action<int, Span<float>> copyVector)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        long size;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes))
        {
            new IndexFileHeader(dimensions, generation, count, MappedBlocks).Write(stream, Magic);
            var synced = 0L;
            void SyncNowAndThen()
            {
                if (stream.Position - synced >= SyncBytes)
                {
                    stream.Flush(flushToDisk: true);
                    synced = stream.Position;
                }
            }

            SnapshotVectorBlocks.Write(stream, dimensions, count, copyVector, SyncNowAndThen);

            using var payload = new MemoryStream();
            using var writer = new BinaryWriter(payload);
            for (var i = 0; i < count; i++)
            {
                payload.SetLength(0);
                writeDocument(i, writer);
                writer.Flush();
                RecordFraming.Write(stream, payload.GetBuffer().AsSpan(0, (int)payload.Length));
                SyncNowAndThen();
            }

            stream.Flush(flushToDisk: true);
            size = stream.Length;
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(directory);
        return size;
    }

    /// <summary>
    /// Reads the <paramref name="count"/> document records that follow the header; returns where the last one ends.
    /// <paramref name="withEmbeddings"/>: each record holds its embedding (version 1).
    /// </summary>
    private static long LoadDocuments(FileStream stream, string path, long count, DocumentTable table, bool withEmbeddings, int chunkBytes)
    {
        var chunk = new byte[chunkBytes];
        var held = 0;
        var endOfFile = false;
        var records = new List<(int Start, int Length, int EncodedAt)>();
        var recordDimensions = withEmbeddings ? table.Vectors.Dimensions : 0;
        long loaded = 0;
        var keeping = new KeptBytes();
        var appending = Task.CompletedTask;
        try
        {
            while (loaded < count)
            {
                if (!endOfFile)
                {
                    var read = stream.ReadAtLeast(chunk.AsSpan(held), chunk.Length - held, throwOnEndOfStream: false);
                    endOfFile = held + read < chunk.Length;
                    held += read;
                }

                var position = FrameRecords(chunk.AsSpan(0, held), count - loaded, recordDimensions, records, out var encodedBytes)
                    ?? throw Damaged(path, loaded + records.Count, count);
                if (records.Count == 0)
                {
                    if (endOfFile)
                    {
                        throw Damaged(path, loaded, count);
                    }

                    // A record larger than the chunk (documents are a few KB; the framing allows up to 16 MB).
                    Array.Resize(ref chunk, chunk.Length * 2);
                    continue;
                }

                var first = loaded;
                var kept = keeping.Take(encodedBytes);
                var decoded = Decode(table, withEmbeddings, chunk, records, kept, (i, cause) => Damaged(path, first + i, count, cause));

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

        return stream.Position - held;
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
    /// documents, without their embeddings, are kept in one new array: the table decodes them when read. A record
    /// that passes its checksum yet does not decode is damage too, reported where it is.
    /// </summary>
    private static EncodedDocument[] Decode(
        DocumentTable table,
        bool withEmbeddings,
        byte[] chunk,
        List<(int Start, int Length, int EncodedAt)> records,
        ArraySegment<byte> kept,
        Func<int, Exception?, InvalidDataException> damaged)
    {
        var (encoded, keptAt) = (kept.Array!, kept.Offset);
        return table.DecodeNew(records.Count, withEmbeddings, (i, embedding) =>
        {
            var (start, length, encodedAt) = records[i];
            if (!RecordFraming.IsIntact(chunk.AsSpan(start, length)))
            {
                throw damaged(i, null);
            }

            var payloadLength = length - RecordFraming.HeaderBytes;
            try
            {
                var document = DocumentCodec.ReadSnapshotDocument(
                    chunk, start + RecordFraming.HeaderBytes, payloadLength, embedding, encoded, keptAt + encodedAt);
                return new EncodedDocument(document, encoded, keptAt + encodedAt, DocumentCodec.EncodedLength(payloadLength, embedding.Length));
            }
            catch (InvalidDataException cause)
            {
                throw damaged(i, cause);
            }
        });
    }

    /// <summary>Damage in the embeddings of the <paramref name="rows"/> documents from <paramref name="first"/> (or to the last).</summary>
    public static InvalidDataException DamagedEmbeddings(string path, long first, int rows, long count) =>
        new($"Snapshot '{path}' is damaged in the embeddings of documents {first} to {Math.Min(first + rows, count) - 1} of {count}.");

    private static InvalidDataException Damaged(string path, long document, long count, Exception? cause = null) =>
        new($"Snapshot '{path}' is damaged at document {document} of {count}{(cause is null ? "." : $": {cause.Message}")}", cause);

    /// <summary>
    /// Where loaded documents' bytes are kept: large arrays shared by many chunks. They hold no references, so as large
    /// objects they cost the collector nothing; as one small array per chunk, each was copied from generation to
    /// generation as the load went on.
    /// </summary>
    private sealed class KeptBytes
    {
        private const int SlabBytes = 4 << 20;

        private byte[] _slab = [];
        private int _used;

        /// <summary><paramref name="bytes"/> bytes for one chunk's documents, never shared with another chunk's.</summary>
        public ArraySegment<byte> Take(int bytes)
        {
            if (_used + bytes > _slab.Length)
            {
                _slab = new byte[Math.Max(SlabBytes, bytes)];
                _used = 0;
            }

            var taken = new ArraySegment<byte>(_slab, _used, bytes);
            _used += bytes;
            return taken;
        }
    }
}
