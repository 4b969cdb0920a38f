namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The vectors of the index, row by row, in fixed-size blocks of contiguous memory: the raw float32 embedding
/// (returned by get, scored exactly) and its int8 codes (scanned first). Blocks, not one array, so growing never
/// copies gigabytes and a million rows never hit the 2^31-element array limit.
/// Not thread-safe: the index guards it with its reader/writer lock.
/// </summary>
internal sealed class VectorRows
{
    public const int BlockShift = 13;
    public const int RowsPerBlock = 1 << BlockShift;
    public const int RowMask = RowsPerBlock - 1;

    private readonly List<VectorBlock> _blocks = [];
    private readonly float[] _scratch;

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
        _blocks[row >> BlockShift].Vectors.AsSpan((row & RowMask) * Dimensions, Dimensions);

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
        return _blocks[first >> BlockShift].Vectors.AsSpan(offset * Dimensions, count * Dimensions);
    }

    /// <summary>Works out the int8 codes of the row from its float32 values; different rows may be quantised from different threads.</summary>
    public void Quantize(int row)
    {
        var block = _blocks[row >> BlockShift];
        var offset = row & RowMask;
        Int8Quantizer.QuantizeRow(
            block.Vectors.AsSpan(offset * Dimensions, Dimensions),
            block.Codes.AsSpan(offset * Dimensions, Dimensions),
            out block.CodeSteps[offset],
            out block.CodeResiduals[offset],
            out block.InverseNorms[offset]);
    }

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
}

/// <summary>One block of <see cref="VectorRows.RowsPerBlock"/> rows; arrays so the search loops index them directly.</summary>
internal sealed class VectorBlock(int dimensions)
{
    public readonly float[] Vectors = new float[VectorRows.RowsPerBlock * dimensions];
    public readonly sbyte[] Codes = new sbyte[VectorRows.RowsPerBlock * dimensions];
    public readonly float[] InverseNorms = new float[VectorRows.RowsPerBlock];
    public readonly float[] CodeSteps = new float[VectorRows.RowsPerBlock];
    public readonly float[] CodeResiduals = new float[VectorRows.RowsPerBlock];
}
