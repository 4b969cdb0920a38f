namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// One compaction's work off the writer's loop, after the writer froze the table and rotated the log: writes the
/// frozen view as the snapshot of the next log's generation (temporary file, fsynced, renamed over the old
/// snapshot), then renames the next log over the old one, then frees the two replaced files a slice at a time. Rows
/// still reading the old snapshot's mapping move to memory of their own first (<see cref="VectorRows.Unmap"/>).
/// The writer keeps committing to the next log meanwhile. A crash at any step leaves files
/// <see cref="LogRecovery"/> reads back to the last committed write.
/// </summary>
internal sealed class SnapshotCompaction(
    string directory, DocumentTable table, ReaderWriterLockSlim gate, FrozenTableView view, long generation, Action? beforeSnapshotWrite)
{
    public long Generation => generation;

    public int Count => view.Count;

    /// <summary>Returns the new snapshot's size in bytes. The table is thawed as soon as the snapshot is written.</summary>
    public long Run()
    {
        using var oldSnapshot = ReplacedFile.Hold(Path.Combine(directory, SnapshotFile.FileName));
        long bytes;
        try
        {
            beforeSnapshotWrite?.Invoke();

            // The view reads the same blocks, whichever memory they are in; the old file must be mapped by no one
            // before the rename replaces it and the slices free it.
            table.Vectors.Unmap(gate);
            bytes = SnapshotFile.Write(directory, table.Vectors.Dimensions, generation, view.Count, view.WriteDocument, view.CopyVector);
        }
        finally
        {
            table.Thaw(view);
        }

        using var oldLog = ReplacedFile.Hold(Path.Combine(directory, WriteAheadLog.FileName));
        WriteAheadLog.Promote(directory);
        oldLog.Free();
        oldSnapshot.Free();
        return bytes;
    }
}
