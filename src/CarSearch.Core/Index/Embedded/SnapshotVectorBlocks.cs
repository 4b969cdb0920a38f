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
    /// worked out from it here. <paramref name="written"/> runs after each part, to sync now and then.
    /// </summary>
    public static void Write(FileStream stream, int dimensions, int count, Action<int, Span<float>> copyVector, Action written)
    {
        var hashesAt = stream.Position;
        var layout = Layout.After(hashesAt, count, dimensions);
        var hashes = new ulong[layout.Regions];

        // The record's place, filled in once the hashes are known.
        stream.Write(new byte[layout.RegionsAt - hashesAt]);
        var rows = Math.Min(count, VectorRows.RowsPerBlock);
        var vectors = new float[rows * dimensions];
        var codes = new sbyte[rows * dimensions];
        var inverseNorms = new float[rows];
        var codeSteps = new float[rows];
        var codeResiduals = new float[rows];
        var hash = new XxHash3();
        for (var region = 0; region < layout.Regions; region++)
        {
            var first = region * VectorRows.RowsPerBlock;
            var regionRows = layout.RowsIn(region);
            for (var i = 0; i < regionRows; i++)
            {
                var vector = vectors.AsSpan(i * dimensions, dimensions);
                copyVector(first + i, vector);
                Int8Quantizer.QuantizeRow(
                    vector, codes.AsSpan(i * dimensions, dimensions), out codeSteps[i], out codeResiduals[i], out inverseNorms[i]);
            }

            hash.Reset();
            WritePart(stream, hash, MemoryMarshal.AsBytes(vectors.AsSpan(0, regionRows * dimensions)), written);
            WritePart(stream, hash, MemoryMarshal.AsBytes(codes.AsSpan(0, regionRows * dimensions)), written);
            WritePart(stream, hash, MemoryMarshal.AsBytes(inverseNorms.AsSpan(0, regionRows)), written);
            WritePart(stream, hash, MemoryMarshal.AsBytes(codeSteps.AsSpan(0, regionRows)), written);
            WritePart(stream, hash, MemoryMarshal.AsBytes(codeResiduals.AsSpan(0, regionRows)), written);
            hashes[region] = hash.GetCurrentHashAsUInt64();
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

    private static void WritePart(FileStream stream, XxHash3 hash, ReadOnlySpan<byte> part, Action written)
    {
        hash.Append(part);
        stream.Write(part);
        written();
    }
}
