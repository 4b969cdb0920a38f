using System.Buffers.Binary;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The fixed header of the log and the snapshot: a magic that names the file kind, the format version, the
/// vector dimension and the generation that ties a log to the snapshot it continues. Each file kind numbers its own
/// versions from 1.
/// </summary>
internal readonly record struct IndexFileHeader(int Dimensions, long Generation, long Count, int Version = 1)
{
    public const int Bytes = MagicBytes + (2 * sizeof(int)) + (2 * sizeof(long));

    private const int MagicBytes = 8;

    public void Write(Stream stream, ReadOnlySpan<byte> magic)
    {
        Span<byte> bytes = stackalloc byte[Bytes];
        magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[MagicBytes..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[(MagicBytes + 4)..], Dimensions);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[(MagicBytes + 8)..], Generation);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[(MagicBytes + 16)..], Count);
        stream.Write(bytes);
    }

    /// <summary>Reads the header of a file of the kind <paramref name="magic"/> names, of any version from 1 to <paramref name="newestVersion"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not an index file of this kind, or of a version this build does not read.</exception>
    /// <exception cref="InvalidOperationException">The file holds vectors of another dimension than configured.</exception>
    public static IndexFileHeader Read(Stream stream, ReadOnlySpan<byte> magic, string path, int expectedDimensions, int newestVersion = 1)
    {
        Span<byte> bytes = stackalloc byte[Bytes];
        if (stream.ReadAtLeast(bytes, Bytes, throwOnEndOfStream: false) < Bytes || !bytes[..MagicBytes].SequenceEqual(magic))
        {
            throw new InvalidDataException($"'{path}' is not an embedded index file (bad header); refusing to overwrite it.");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes[MagicBytes..]);
        if (version < 1 || version > newestVersion)
        {
            throw new InvalidDataException(
                $"'{path}' has format version {version}; this build reads versions 1 to {newestVersion}: written by a newer version of the app?");
        }

        var header = new IndexFileHeader(
            BinaryPrimitives.ReadInt32LittleEndian(bytes[(MagicBytes + 4)..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[(MagicBytes + 8)..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[(MagicBytes + 16)..]),
            version);
        if (header.Dimensions != expectedDimensions)
        {
            throw new InvalidOperationException(
                $"'{path}' holds {header.Dimensions}-dimensional vectors but the index is configured for " +
                $"{expectedDimensions}. Use another directory or rebuild the index for the new model.");
        }

        return header;
    }
}
