using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// One block of <see cref="VectorRows.RowsPerBlock"/> rows: each row's float32 embedding, its int8 codes, and per row
/// its inverse norm, code step and code residual. The memory is either the block's own (pinned arrays) or a region
/// of a snapshot mapped copy-on-write (<see cref="MappedSnapshot"/>), which an index of a million rows opens without
/// reading or copying 2.5 GB. A block leaves its mapping (<see cref="CopyTo"/>, <see cref="Use"/>) before the mapped file goes.
/// </summary>
internal sealed unsafe class VectorBlock
{
    private readonly int _dimensions;
    private Pointers _at;

    /// <summary>The arrays <see cref="_at"/> points into, kept alive here; null while the block is mapped.</summary>
    private OwnMemory? _own;

    /// <summary>A block of its own memory, all zero.</summary>
    public VectorBlock(int dimensions)
        : this(dimensions, new OwnMemory(dimensions))
    {
    }

    private VectorBlock(int dimensions, OwnMemory own)
    {
        _dimensions = dimensions;
        _own = own;
        _at = own.Pointers;
    }

    private VectorBlock(int dimensions, byte* region)
    {
        _dimensions = dimensions;
        _at = Layout.Pointers(region, VectorRows.RowsPerBlock, dimensions);
    }

    /// <summary>Whether the block reads a mapped snapshot's memory.</summary>
    public bool IsMapped => _own is null;

    public Span<float> Vectors => new(_at.Vectors, VectorRows.RowsPerBlock * _dimensions);

    public Span<sbyte> Codes => new(_at.Codes, VectorRows.RowsPerBlock * _dimensions);

    public Span<float> InverseNorms => new(_at.InverseNorms, VectorRows.RowsPerBlock);

    public Span<float> CodeSteps => new(_at.CodeSteps, VectorRows.RowsPerBlock);

    public Span<float> CodeResiduals => new(_at.CodeResiduals, VectorRows.RowsPerBlock);

    /// <summary>
    /// A block over the <see cref="Layout"/> region of a whole block at <paramref name="region"/>, in memory that must
    /// outlive it (or that it leaves first).
    /// </summary>
    public static VectorBlock Mapped(int dimensions, byte* region) => new(dimensions, region);

    /// <summary>
    /// Copies the rows into <paramref name="own"/>, for <see cref="Use"/> next. Writers must be held off from the
    /// copy to the switch; readers may go on reading the old memory meanwhile.
    /// </summary>
    public void CopyTo(OwnMemory own) => Copy(_at, own.Pointers, VectorRows.RowsPerBlock, _dimensions);

    /// <summary>Copies the first <paramref name="rows"/> rows of a region laid out as <see cref="Layout"/> says into this block's first rows.</summary>
    public void CopyFrom(Pointers region, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, VectorRows.RowsPerBlock);
        Copy(region, _at, rows, _dimensions);
    }

    /// <summary>
    /// Reads <paramref name="own"/> from now on, after <see cref="CopyTo"/> with no write between them. Under the
    /// index's write lock: no reader may hold a span of the old memory past it.
    /// </summary>
    public void Use(OwnMemory own)
    {
        _at = own.Pointers;
        _own = own;
    }

    /// <summary>Works out the int8 codes of the row at <paramref name="offset"/> from its float32 values; different rows may be quantised from different threads.</summary>
    public void Quantize(int offset) => _at.QuantizeRow(offset, _dimensions);

    private static void Copy(Pointers from, Pointers to, int rows, int dimensions)
    {
        var values = rows * dimensions;
        new ReadOnlySpan<float>(from.Vectors, values).CopyTo(new Span<float>(to.Vectors, values));
        new ReadOnlySpan<sbyte>(from.Codes, values).CopyTo(new Span<sbyte>(to.Codes, values));
        new ReadOnlySpan<float>(from.InverseNorms, rows).CopyTo(new Span<float>(to.InverseNorms, rows));
        new ReadOnlySpan<float>(from.CodeSteps, rows).CopyTo(new Span<float>(to.CodeSteps, rows));
        new ReadOnlySpan<float>(from.CodeResiduals, rows).CopyTo(new Span<float>(to.CodeResiduals, rows));
    }

    /// <summary>
    /// Where the five parts of a block's rows lie in a snapshot's region for it (<paramref name="rows"/> rows): the
    /// embeddings, then the codes, then the inverse norms, the code steps and the code residuals. For a whole block
    /// every part's size is a multiple of 4 KB, so regions that start on a page boundary keep each other's there.
    /// </summary>
    public static class Layout
    {
        public static long Bytes(int rows, int dimensions) =>
            ((long)rows * dimensions * (sizeof(float) + sizeof(sbyte))) + (3L * rows * sizeof(float));

        /// <summary>The five parts of the region of <paramref name="rows"/> rows at <paramref name="region"/>, in file order.</summary>
        public static Pointers Pointers(byte* region, int rows, int dimensions)
        {
            var codes = region + ((long)rows * dimensions * sizeof(float));
            var inverseNorms = (float*)(codes + ((long)rows * dimensions));
            return new Pointers((float*)region, (sbyte*)codes, inverseNorms, inverseNorms + rows, inverseNorms + (2L * rows));
        }
    }

    /// <summary>Where a block's five parts start.</summary>
    public readonly struct Pointers(float* vectors, sbyte* codes, float* inverseNorms, float* codeSteps, float* codeResiduals)
    {
        public float* Vectors { get; } = vectors;

        public sbyte* Codes { get; } = codes;

        public float* InverseNorms { get; } = inverseNorms;

        public float* CodeSteps { get; } = codeSteps;

        public float* CodeResiduals { get; } = codeResiduals;

        /// <summary>Works out the int8 codes, step, residual and inverse norm of the row at <paramref name="offset"/> from its float32 values.</summary>
        public void QuantizeRow(int offset, int dimensions) =>
            Int8Quantizer.QuantizeRow(
                new ReadOnlySpan<float>(Vectors + ((long)offset * dimensions), dimensions),
                new Span<sbyte>(Codes + ((long)offset * dimensions), dimensions),
                out CodeSteps[offset],
                out CodeResiduals[offset],
                out InverseNorms[offset]);
    }

    /// <summary>A block's own memory: pinned arrays, so the block reads them through the same pointers as a mapping.</summary>
    public sealed class OwnMemory
    {
        private readonly float[] _vectors;
        private readonly sbyte[] _codes;
        private readonly float[] _inverseNorms;
        private readonly float[] _codeSteps;
        private readonly float[] _codeResiduals;

        public OwnMemory(int dimensions)
        {
            _vectors = GC.AllocateArray<float>(VectorRows.RowsPerBlock * dimensions, pinned: true);
            _codes = GC.AllocateArray<sbyte>(VectorRows.RowsPerBlock * dimensions, pinned: true);
            _inverseNorms = GC.AllocateArray<float>(VectorRows.RowsPerBlock, pinned: true);
            _codeSteps = GC.AllocateArray<float>(VectorRows.RowsPerBlock, pinned: true);
            _codeResiduals = GC.AllocateArray<float>(VectorRows.RowsPerBlock, pinned: true);
            Pointers = new Pointers(Start(_vectors), Start(_codes), Start(_inverseNorms), Start(_codeSteps), Start(_codeResiduals));
        }

        public Pointers Pointers { get; }

        /// <summary>The address of a pinned array's first element: it never moves.</summary>
        private static T* Start<T>(T[] pinned)
            where T : unmanaged =>
            (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
    }
}
