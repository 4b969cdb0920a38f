using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// Reads the embeddings of a snapshot of format version 2: after the header, framed runs of rows, in row order. Read
/// straight into new vector rows and quantised there; the next compaction writes the snapshot as mapped blocks
/// (<see cref="SnapshotVectorBlocks"/>).
/// </summary>
internal static class SnapshotVectorFrames
{
    /// <summary>The bytes the embeddings of <paramref name="count"/> documents take in the file, frame headers included.</summary>
    public static long Bytes(long count, int dimensions)
    {
        var frameRows = FrameRows(dimensions);
        return (((count + frameRows - 1) / frameRows) * RecordFraming.HeaderBytes) + (count * dimensions * sizeof(float));
    }

    /// <summary>
    /// Reads the embeddings of the <paramref name="count"/> documents, in frames from <paramref name="start"/>, straight
    /// into new vector rows, and checks and quantises them, frames on every core.
    /// </summary>
    public static void Load(SafeFileHandle file, string path, long start, long count, VectorRows vectors)
    {
        var dimensions = vectors.Dimensions;
        var frameRows = FrameRows(dimensions);
        var frameBytes = RecordFraming.HeaderBytes + ((long)frameRows * dimensions * sizeof(float));
        var frames = (int)((count + frameRows - 1) / frameRows);
        var first = vectors.AddRows((int)count);
        var damagedFrames = new ConcurrentBag<int>();
        Parallel.For(0, frames, (frame, loop) =>
        {
            var firstRow = first + (frame * frameRows);
            var rows = (int)Math.Min(frameRows, count - (frame * frameRows));
            var offset = start + (frame * frameBytes);
            Span<byte> header = stackalloc byte[RecordFraming.HeaderBytes];
            var values = MemoryMarshal.AsBytes(vectors.Values(firstRow, rows));
            if (!ReadExactly(file, header, offset)
                || RecordFraming.RecordLength(header) != header.Length + values.Length
                || !ReadExactly(file, values, offset + header.Length)
                || !RecordFraming.IsIntact(header, values))
            {
                damagedFrames.Add(frame);
                loop.Stop();
                return;
            }

            for (var row = firstRow; row < firstRow + rows; row++)
            {
                vectors.Quantize(row);
            }
        });

        if (!damagedFrames.IsEmpty)
        {
            throw SnapshotFile.DamagedEmbeddings(path, (long)damagedFrames.Min() * frameRows, frameRows, count);
        }
    }

    /// <summary>
    /// Rows of embeddings per frame: a power of two, so frames never straddle a vector block, that keeps a frame within
    /// the framing's limit; 1,024 rows (2 MB at 512 dimensions).
    /// </summary>
    private static int FrameRows(int dimensions) =>
        Math.Min(1024, 1 << BitOperations.Log2((uint)(RecordFraming.MaxPayloadBytes / (dimensions * sizeof(float)))));

    /// <summary>Fills <paramref name="into"/> from <paramref name="offset"/>; false when the file ends first.</summary>
    private static bool ReadExactly(SafeFileHandle file, Span<byte> into, long offset)
    {
        while (!into.IsEmpty)
        {
            var read = RandomAccess.Read(file, into, offset);
            if (read == 0)
            {
                return false;
            }

            into = into[read..];
            offset += read;
        }

        return true;
    }
}
