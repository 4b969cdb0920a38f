namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The vectors of the index, row by row, in fixed-size blocks of contiguous memory (<see cref="VectorBlock"/>): the raw
/// float32 embedding (returned by get, scored exactly) and its int8 codes (scanned first). Blocks, not one array, so
/// growing never copies gigabytes and a million rows never hit the 2^31-element array limit. The blocks of a snapshot
/// may read it mapped (<see cref="AddMapped"/>) until the first compaction (<see cref="Unmap"/>).
/// Not thread-safe: the index guards it with its reader/writer lock.
/// </summary>
internal sealed unsafe class VectorRows : IDisposable
{
    public const int BlockShift = 13;
    public const int RowsPerBlock = 1 << BlockShift;
    public const int RowMask = RowsPerBlock - 1;

    private readonly List<VectorBlock> _blocks = [];
    private readonly List<VectorBlock> _mappedBlocks = [];
    private readonly float[] _scratch;
    private MappedSnapshot? _mapping;

    public VectorRows(int dimensions)
    {
        Dimensions = dimensions;
        _scratch = new float[dimensions];
    }

    public int Dimensions { get; }

    public int Count { get; private set; }

    /// <summary>The blocks as they are now; the searcher indexes them by row &gt;&gt; <see cref="BlockShift"/>.</summary>
    public VectorBlock[] Blocks() => [.. _blocks];

    public ReadOnlySpan<float> Vector(int row) =>
        _blocks[row >> BlockShift].Vectors.Slice((row & RowMask) * Dimensions, Dimensions);

    public void Add(ReadOnlySpan<float> vector) => Set(AddRows(1), vector);

    /// <summary>
    /// Allocates the blocks for <paramref name="rows"/> rows in all before they are added: a snapshot knows its count,
    /// and large blocks allocated while a million documents are decoded make the collector run full collections over
    /// an ever larger heap.
    /// </summary>
    public void Reserve(int rows)
    {
        while (_blocks.Count * RowsPerBlock < rows)
        {
            _blocks.Add(new VectorBlock(Dimensions));
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> rows at once, to be filled with <see cref="Set"/>, which may then run on several
    /// threads for different rows; returns the first new row.
    /// </summary>
    public int AddRows(int count)
    {
        var first = Count;
        Count += count;
        Reserve(Count);
        return first;
    }

    /// <summary>Copies and quantises the row; different rows may be set from different threads.</summary>
    public void Set(int row, ReadOnlySpan<float> vector)
    {
        vector.CopyTo(Values(row, 1));
        Quantize(row);
    }

    /// <summary>
    /// The float32 values of <paramref name="count"/> rows from <paramref name="first"/>, all in one block, to be
    /// written in place (a snapshot reads them straight from the file into it); <see cref="Quantize"/> each row after.
    /// </summary>
    public Span<float> Values(int first, int count)
    {
        var offset = first & RowMask;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + count, RowsPerBlock, nameof(count));
        return _blocks[first >> BlockShift].Vectors.Slice(offset * Dimensions, count * Dimensions);
    }

    /// <summary>Works out the int8 codes of the row from its float32 values; different rows may be quantised from different threads.</summary>
    public void Quantize(int row) => _blocks[row >> BlockShift].Quantize(row & RowMask);

    /// <summary>Removes <paramref name="row"/> by moving the last row into its place (O(1), keeps rows dense).</summary>
    public void RemoveBySwappingLast(int row)
    {
        var last = Count - 1;
        if (row != last)
        {
            Vector(last).CopyTo(_scratch);
            Set(row, _scratch);
        }

        Count--;
        // Keep one spare block so a delete/insert at a block boundary does not allocate each time.
        if (_blocks.Count > 1 && Count <= (_blocks.Count - 2) * RowsPerBlock)
        {
            _blocks.RemoveAt(_blocks.Count - 1);
        }
    }

    /// <summary>
    /// Adds the rows of a snapshot, which the caller has checked, to an empty set: the whole blocks read
    /// <paramref name="mapping"/> (<paramref name="wholeBlocks"/> regions from <paramref name="firstRegion"/>, one after
    /// another), and the <paramref name="tailRows"/> rows of the region after them are copied into a block of its own,
    /// which later rows are added to. The rows now own the mapping, until <see cref="Unmap"/>; with no whole block
    /// to read it, it is closed at once.
    /// </summary>
    public void AddMapped(MappedSnapshot mapping, long firstRegion, int wholeBlocks, int tailRows)
    {
        if (Count != 0 || _mapping is not null)
        {
            throw new InvalidOperationException("A snapshot's rows are added to an empty set.");
        }

        _mapping = mapping;
        var regionBytes = VectorBlock.Layout.Bytes(RowsPerBlock, Dimensions);
        for (var i = 0; i < wholeBlocks; i++)
        {
            var block = VectorBlock.Mapped(Dimensions, mapping.Start + firstRegion + (i * regionBytes));
            _blocks.Add(block);
            _mappedBlocks.Add(block);
        }

        Count = wholeBlocks * RowsPerBlock;
        if (tailRows > 0)
        {
            var tail = VectorBlock.Layout.Pointers(mapping.Start + firstRegion + (wholeBlocks * regionBytes), tailRows, Dimensions);
            _blocks[AddRows(tailRows) >> BlockShift].CopyFrom(tail, tailRows);
        }

        if (wholeBlocks == 0)
        {
            Dispose();
        }
    }

    /// <summary>
    /// Moves every block still reading the snapshot's mapping into memory of its own, then closes the mapping: before
    /// a compaction replaces the file (Windows renames over no mapped file, and the replaced file is then cut to
    /// nothing). Called off the writer's loop: each block is copied while <paramref name="gate"/> holds writers off
    /// (readers go on reading the mapping), and switched under the write lock, so writes wait one block's copy at a time.
    /// </summary>
    public void Unmap(ReaderWriterLockSlim gate)
    {
        if (_mapping is null)
        {
            return;
        }

        foreach (var block in _mappedBlocks)
        {
            // Allocated, and so zeroed page by page, before any lock is taken.
            var own = new VectorBlock.OwnMemory(Dimensions);
            gate.EnterUpgradeableReadLock();
            try
            {
                block.CopyTo(own);
                gate.EnterWriteLock();
                try
                {
                    block.Use(own);
                }
                finally
                {
                    gate.ExitWriteLock();
                }
            }
            finally
            {
                gate.ExitUpgradeableReadLock();
            }
        }

        gate.EnterWriteLock();
        try
        {
            _mappedBlocks.Clear();
            Dispose();
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Closes the mapping, if any: when the index closes, with no reader left.</summary>
    public void Dispose()
    {
        _mapping?.Dispose();
        _mapping = null;
    }
}
