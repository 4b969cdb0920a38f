using System.Collections.Concurrent;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The table as it was when a compaction began, for the snapshot written beside the running writer, read without
/// any lock so that the writer never waits for the compaction (a compaction's thread preempted while holding a
/// lock the writer needs would stall a write for a whole time slice on a busy machine). Documents are immutable
/// (records, or loaded bytes never changed), so the view keeps a copy of the rows (<see cref="DocumentRows.Frozen"/>:
/// 32 MB at 1M rows, not the documents); vectors are written in
/// place, so the view keeps the vector blocks and the table hands over a row's old vector (copy-on-write) before
/// it first overwrites that row or removes it.
/// </summary>
internal sealed class FrozenTableView
{
    private readonly DocumentRows.Frozen _documents;
    private readonly VectorBlock[] _blocks;
    private readonly int _dimensions;
    private readonly ConcurrentDictionary<int, float[]> _handedOver = new();

    public FrozenTableView(DocumentRows.Frozen documents, VectorBlock[] blocks, int dimensions)
    {
        _documents = documents;
        _blocks = blocks;
        _dimensions = dimensions;
    }

    /// <summary>Documents in the view: rows 0 to Count - 1.</summary>
    public int Count => _documents.Count;

    /// <summary>Whether the table must hand <paramref name="row"/>'s vector over before changing it.</summary>
    public bool NeedsBeforeChange(int row) => row < Count && !_handedOver.ContainsKey(row);

    /// <summary>Keeps the row's vector as it was at the freeze; the table calls it once, before the row's first change.</summary>
    public void HandOver(int row, ReadOnlySpan<float> vector)
    {
        _handedOver.TryAdd(row, vector.ToArray());
        // The copy is published before the table starts overwriting the row (see CopyVector).
        Interlocked.MemoryBarrier();
    }

    /// <summary>Writes the document of <paramref name="row"/> as it was at the freeze, without its embedding, as a snapshot record.</summary>
    public void WriteDocument(int row, BinaryWriter writer)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        _documents.WriteUpsert(row, writer, []);
    }

    /// <summary>
    /// Copies the vector of <paramref name="row"/> as it was at the freeze. Safe while the table changes: a vector read
    /// from the live block is kept only if the row had not been handed over by the time the read ended, and the table
    /// hands a row over before it touches it. One reader at a time (the compaction).
    /// </summary>
    public void CopyVector(int row, Span<float> into)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        if (!_handedOver.TryGetValue(row, out var vector))
        {
            var block = _blocks[row >> VectorRows.BlockShift];
            block.Vectors.Slice((row & VectorRows.RowMask) * _dimensions, _dimensions).CopyTo(into);
            Interlocked.MemoryBarrier();
            if (!_handedOver.TryGetValue(row, out vector))
            {
                return;
            }
        }

        vector.CopyTo(into);
    }
}
