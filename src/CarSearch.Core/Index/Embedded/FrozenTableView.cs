namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The table as it was when a compaction began, for the snapshot written beside the running writer, without
/// copying it: rows the table has not touched since are read from the table itself, and the table hands over a
/// row's old document and vector (copy-on-write) before it first overwrites, moves or removes that row.
/// Read it under the index's read lock: the table changes and hands over rows under the write lock.
/// </summary>
internal sealed class FrozenTableView
{
    private readonly DocumentTable _table;
    private readonly Dictionary<int, (ImageDocument Document, float[] Vector)> _handedOver = [];

    public FrozenTableView(DocumentTable table, int count)
    {
        _table = table;
        Count = count;
    }

    /// <summary>Documents in the view: rows 0 to Count - 1.</summary>
    public int Count { get; }

    /// <summary>Whether the table must hand <paramref name="row"/> over before changing it.</summary>
    public bool NeedsBeforeChange(int row) => row < Count && !_handedOver.ContainsKey(row);

    /// <summary>Keeps the row as it was at the freeze; the table calls it once, before the row's first change.</summary>
    public void HandOver(int row, ImageDocument document, ReadOnlySpan<float> vector) =>
        _handedOver.Add(row, (document, vector.ToArray()));

    /// <summary>Writes the document of <paramref name="row"/> as it was at the freeze, as a snapshot record.</summary>
    public void WriteSnapshotRecord(int row, BinaryWriter writer)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        if (_handedOver.TryGetValue(row, out var kept))
        {
            DocumentCodec.WriteUpsert(writer, kept.Document, kept.Vector);
        }
        else
        {
            _table.WriteSnapshotRecord(row, writer);
        }
    }
}
