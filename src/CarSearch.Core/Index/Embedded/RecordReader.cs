using System.Buffers.Binary;
using System.Text;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// Reads what a <see cref="BinaryWriter"/> wrote (little-endian numbers, strings as a 7-bit encoded length and UTF-8)
/// straight from a record's bytes. A <see cref="BinaryReader"/> over a <see cref="MemoryStream"/> allocated the
/// stream, the reader, its buffers and a decoder for every record: a million of each while a snapshot loads.
/// </summary>
internal ref struct RecordReader(ReadOnlySpan<byte> record)
{
    private readonly ReadOnlySpan<byte> _record = record;

    /// <summary>Where the next read starts, from the record's first byte.</summary>
    public int Position { get; private set; }

    public readonly bool AtEnd => Position >= _record.Length;

    public byte ReadByte() => Take(1)[0];

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(sizeof(short)));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

    /// <summary>A string as <see cref="BinaryWriter.Write(string)"/> writes it.</summary>
    public string ReadString() => Encoding.UTF8.GetString(Take(Read7BitEncodedInt()));

    /// <summary>Steps over a string without decoding it.</summary>
    public void SkipString() => Skip(Read7BitEncodedInt());

    public void Skip(int bytes) => Take(bytes);

    /// <summary>Copies the next <paramref name="into"/>.Length bytes.</summary>
    public void ReadBytes(Span<byte> into) => Take(into.Length).CopyTo(into);

    /// <summary>As <see cref="BinaryReader.Read7BitEncodedInt"/>: 7 bits a byte, low first, at most 5 bytes.</summary>
    public int Read7BitEncodedInt()
    {
        var value = 0u;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var part = ReadByte();
            value |= (uint)(part & 0x7F) << shift;
            if (part < 0x80)
            {
                return value <= int.MaxValue ? (int)value : throw new InvalidDataException("A string length beyond 2 GB in an index record.");
            }
        }

        throw new InvalidDataException("A string length of more than 5 bytes in an index record.");
    }

    private ReadOnlySpan<byte> Take(int bytes)
    {
        if (bytes < 0 || bytes > _record.Length - Position)
        {
            throw new EndOfStreamException();
        }

        var taken = _record.Slice(Position, bytes);
        Position += bytes;
        return taken;
    }
}
