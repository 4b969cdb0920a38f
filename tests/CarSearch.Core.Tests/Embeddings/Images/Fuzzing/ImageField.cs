using System.Globalization;

namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>What a header field controls, which decides the values worth forging into it.</summary>
public enum FieldKind
{
    /// <summary>A byte count or offset: lying about it moves every later read.</summary>
    Length,

    /// <summary>A width or height: lying about it is how a small file claims a huge picture.</summary>
    Dimension,

    /// <summary>Flags, counts, table ids, versions.</summary>
    Other,
}

/// <summary>One unsigned integer field of a file's structure, <paramref name="Size"/> bytes at <paramref name="Offset"/>.</summary>
public sealed record ImageField(string Name, int Offset, int Size, bool BigEndian, FieldKind Kind)
{
    /// <summary>The largest value the field can hold.</summary>
    public ulong MaxValue => Size >= 8 ? ulong.MaxValue : (1UL << (8 * Size)) - 1;

    public ulong Read(ReadOnlySpan<byte> data)
    {
        var value = 0UL;
        for (var i = 0; i < Size; i++)
        {
            var b = data[Offset + (BigEndian ? i : Size - 1 - i)];
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>The field's bytes holding <paramref name="value"/> (truncated to the field's size).</summary>
    public byte[] Encode(ulong value)
    {
        var bytes = new byte[Size];
        for (var i = 0; i < Size; i++)
        {
            bytes[BigEndian ? Size - 1 - i : i] = (byte)(value >> (8 * i));
        }

        return bytes;
    }

    public bool FitsIn(int length) => Offset >= 0 && Offset + Size <= length;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Size} bytes at 0x{Offset:X})");
}
