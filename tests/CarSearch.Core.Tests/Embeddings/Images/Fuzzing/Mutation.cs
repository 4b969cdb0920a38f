using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>
/// One change to a file. Its text is the replay recipe a failure message prints, so each kind says exactly what it
/// did; applying a recipe's mutations in order to the same input gives the same bytes.
/// </summary>
public abstract record Mutation
{
    public abstract byte[] Apply(byte[] input);

    protected static string Hex(long value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture);
}

/// <summary>Bit <paramref name="Bit"/> (0 = least significant) of the byte at <paramref name="Offset"/> flipped.</summary>
public sealed record FlipBit(int Offset, int Bit) : Mutation
{
    public override byte[] Apply(byte[] input)
    {
        var copy = (byte[])input.Clone();
        copy[Offset] ^= (byte)(1 << Bit);
        return copy;
    }

    public override string ToString() => $"flip bit {Bit} at {Hex(Offset)}";
}

/// <summary><paramref name="Value"/> written over the bytes at <paramref name="Offset"/> (clipped at the end).</summary>
public sealed record Overwrite(int Offset, byte Value, int Count = 1) : Mutation
{
    public override byte[] Apply(byte[] input)
    {
        var copy = (byte[])input.Clone();
        copy.AsSpan(Offset, Math.Min(Count, copy.Length - Offset)).Fill(Value);
        return copy;
    }

    public override string ToString() => Count == 1 ? $"write {Hex(Value)} at {Hex(Offset)}" : $"write {Count} x {Hex(Value)} at {Hex(Offset)}";
}

/// <summary>
/// The named field (see <see cref="ImageFields"/>) set to <paramref name="Value"/>; named rather than placed, so the
/// recipe also reads as what the forged file claims.
/// </summary>
public sealed record SetField(string Field, ulong Value) : Mutation
{
    public override byte[] Apply(byte[] input)
    {
        var field = ImageFields.Find(input).FirstOrDefault(candidate => candidate.Name == Field)
            ?? throw new InvalidOperationException($"The input has no field '{Field}'.");
        var copy = (byte[])input.Clone();
        field.Encode(Value).CopyTo(copy, field.Offset);
        return copy;
    }

    public override string ToString() => $"set {Field} to {Hex((long)Value)}";
}

/// <summary>Only the first <paramref name="Length"/> bytes kept: an interrupted upload.</summary>
public sealed record Truncate(int Length) : Mutation
{
    public override byte[] Apply(byte[] input) => input.AsSpan(0, Math.Min(Length, input.Length)).ToArray();

    public override string ToString() => $"truncate to {Length} bytes";
}

/// <summary><paramref name="Count"/> bytes at <paramref name="Offset"/> removed.</summary>
public sealed record DeleteRange(int Offset, int Count) : Mutation
{
    public override byte[] Apply(byte[] input) => [.. input.AsSpan(0, Offset), .. input.AsSpan(Offset + Count)];

    public override string ToString() => $"delete {Count} bytes at {Hex(Offset)}";
}

/// <summary>A copy of <paramref name="Count"/> bytes from <paramref name="From"/> inserted at <paramref name="At"/>.</summary>
public sealed record DuplicateRange(int From, int Count, int At) : Mutation
{
    public override byte[] Apply(byte[] input) =>
        [.. input.AsSpan(0, At), .. input.AsSpan(From, Count), .. input.AsSpan(At)];

    public override string ToString() => $"insert a copy of {Count} bytes from {Hex(From)} at {Hex(At)}";
}

/// <summary>The first <paramref name="Keep"/> bytes, then another file's bytes from <paramref name="From"/> on.</summary>
public sealed record Splice(int Keep, FuzzInput Other, int From) : Mutation
{
    public override byte[] Apply(byte[] input) => [.. input.AsSpan(0, Math.Min(Keep, input.Length)), .. Other.Bytes.AsSpan(From)];

    public override string ToString() => $"keep {Keep} bytes, then {Other.Name} from {Hex(From)}";
}

/// <summary>
/// Every PNG chunk's CRC made right again, so the damage before it reaches the decoder's inflate and filter code
/// rather than stopping at the checksum.
/// </summary>
public sealed record FixPngChecksums : Mutation
{
    public override byte[] Apply(byte[] input)
    {
        var copy = (byte[])input.Clone();
        long position = 8;
        while (position + 12 <= copy.Length)
        {
            var at = (int)position;
            var length = BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(at));
            var end = position + 8 + length;
            if (end + 4 > copy.Length)
            {
                break;
            }

            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan((int)end), Crc32.HashToUInt32(copy.AsSpan(at + 4, (int)(end - at - 4))));
            position = end + 4;
        }

        return copy;
    }

    public override string ToString() => "recompute PNG chunk CRCs";
}
