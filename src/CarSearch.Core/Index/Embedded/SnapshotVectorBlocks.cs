using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The embeddings of a snapshot of format version 3, laid out to be mapped, not read: after the header, one framed
/// record of the regions' hashes, then from the next 4 KB boundary one region per vector block, each exactly as a
/// block holds its rows in memory (<see cref="VectorBlock.Layout"/>: embeddings, int8 codes, inverse norms, code
/// steps, code residuals). Opening maps the file and checks each region's hash, on every core: no row is read into
/// memory of the process, copied or quantised, which took most of a million-row open's 4–9 s. The last region, of the
/// rows after the last whole block, is copied into a block of its own that later rows fill.
/// </summary>
internal static unsafe class SnapshotVectorBlocks
{
    private const int PageBytes = 4096;

    /// <summary>Bytes of a region written between two calls of the writer's sync check: no more than one part took before.</summary>
    private const int WriteSliceBytes = 4 << 20;

    /// <summary>Where the regions and the documents after them lie, for a snapshot of <see cref="Count"/> documents.</summary>
    public readonly record struct Layout(long Count, int Dimensions, long RegionsAt)
    {
        public int WholeBlocks => (int)(Count / VectorRows.RowsPerBlock);

        public int TailRows => (int)(Count % VectorRows.RowsPerBlock);

        public int Regions => WholeBlocks + (TailRows > 0 ? 1 : 0);

        public long DocumentsAt => RegionAt(WholeBlocks) + VectorBlock.Layout.Bytes(TailRows, Dimensions);

        public long RegionAt(int block) => RegionsAt + (block * VectorBlock.Layout.Bytes(VectorRows.RowsPerBlock, Dimensions));

        public int RowsIn(int block) => block < WholeBlocks ? VectorRows.RowsPerBlock : TailRows;

        /// <summary>The layout of a snapshot whose hash record starts at <paramref name="hashesAt"/>.</summary>
        public static Layout After(long hashesAt, long count, int dimensions)
        {
            var regions = (count + VectorRows.RowsPerBlock - 1) / VectorRows.RowsPerBlock;
            var hashesEnd = hashesAt + RecordFraming.HeaderBytes + (regions * sizeof(ulong));
            return new Layout(count, dimensions, (hashesEnd + PageBytes - 1) / PageBytes * PageBytes);
        }
    }

    /// <summary>
    /// Writes the hash record and the regions of <paramref name="count"/> rows at the stream's position (just after the
    /// header), leaving it where the documents go. <paramref name="copyVector"/> gives a row's embedding; the codes are
    /// worked out from it here. Each region is built in memory laid out as <see cref="VectorBlock.Layout"/> says, so the
    /// file order is written down once. <paramref name="written"/> runs after every few MB, to sync now and then.
    /// </summary>
    public static void Write(FileStream stream, int dimensions, int count, Action<int, Span<float>> copyVector, Action written)
    {
        var hashesAt = stream.Position;
        var layout = Layout.After(hashesAt, count, dimensions);
        var hashes = new ulong[layout.Regions];

        // The record's place, filled in once the hashes are known.
        stream.Write(new byte[layout.RegionsAt - hashesAt]);
        var region = GC.AllocateUninitializedArray<byte>(
            checked((int)VectorBlock.Layout.Bytes(Math.Min(count, VectorRows.RowsPerBlock), dimensions)));
        fixed (byte* start = region)
        {
            for (var index = 0; index < layout.Regions; index++)
            {
                var first = index * VectorRows.RowsPerBlock;
                var rows = layout.RowsIn(index);
                var at = VectorBlock.Layout.Pointers(start, rows, dimensions);
                for (var i = 0; i < rows; i++)
                {
                    copyVector(first + i, new Span<float>(at.Vectors + ((long)i * dimensions), dimensions));
                    at.QuantizeRow(i, dimensions);
                }

                var bytes = region.AsSpan(0, (int)VectorBlock.Layout.Bytes(rows, dimensions));
                hashes[index] = XxHash3.HashToUInt64(bytes);
                for (var sliceAt = 0; sliceAt < bytes.Length; sliceAt += WriteSliceBytes)
                {
                    stream.Write(bytes.Slice(sliceAt, Math.Min(WriteSliceBytes, bytes.Length - sliceAt)));
                    written();
                }
            }
        }

        var documentsAt = stream.Position;
        stream.Position = hashesAt;
        RecordFraming.Write(stream, MemoryMarshal.AsBytes(hashes.AsSpan()));
        stream.Position = documentsAt;
    }

    /// <summary>
    /// Reads and checks the hash record at the stream's position (just after the header): one hash per region of
    /// <paramref name="layout"/>. The caller has checked that the file is long enough for the layout.
    /// </summary>
    public static ulong[] ReadHashes(FileStream stream, Layout layout, string path)
    {
        var buffer = Array.Empty<byte>();
        if (RecordFraming.Read(stream, ref buffer, out var length) != RecordFraming.ReadResult.Record
            || length != layout.Regions * sizeof(ulong))
        {
            throw new InvalidDataException($"Snapshot '{path}' is damaged in the table that checks its embeddings.");
        }

        return MemoryMarshal.Cast<byte, ulong>(buffer.AsSpan(0, length)).ToArray();
    }

    /// <summary>
    /// Maps the snapshot, checks every region against its hash (regions on every core) and gives the rows the
    /// mapping (<see cref="VectorRows.AddMapped"/>).
    /// </summary>
    public static void Load(string path, Layout layout, ulong[] hashes, VectorRows vectors)
    {
        if (layout.Regions == 0)
        {
            return;
        }

        var mapping = new MappedSnapshot(path);
        try
        {
            var damaged = new ConcurrentBag<int>();
            Parallel.For(0, layout.Regions, (region, loop) =>
            {
                var bytes = new ReadOnlySpan<byte>(
                    mapping.Start + layout.RegionAt(region),
                    checked((int)VectorBlock.Layout.Bytes(layout.RowsIn(region), layout.Dimensions)));
                if (XxHash3.HashToUInt64(bytes) != hashes[region])
                {
                    damaged.Add(region);
                    loop.Stop();
                }
            });

            if (!damaged.IsEmpty)
            {
                throw SnapshotFile.DamagedEmbeddings(path, (long)damaged.Min() * VectorRows.RowsPerBlock, VectorRows.RowsPerBlock, layout.Count);
            }
        }
        catch
        {
            mapping.Dispose();
            throw;
        }

        vectors.AddMapped(mapping, layout.RegionsAt, layout.WholeBlocks, layout.TailRows);
    }
}
