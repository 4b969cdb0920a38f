using System.Runtime.InteropServices;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The binary form of <see cref="LogRecord"/>s: little-endian, strings as length-prefixed UTF-8
/// (<see cref="BinaryWriter"/>), the embedding as raw float32 so it reads back bit for bit.
/// </summary>
internal static class DocumentCodec
{
    static DocumentCodec()
    {
        // Floats are copied as memory; every platform .NET runs this app on is little-endian, and files must not
        // silently change meaning if one were not.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The embedded index file format needs a little-endian machine.");
        }
    }

    public static void WriteUpsert(BinaryWriter writer, ImageDocument document, ReadOnlySpan<float> embedding)
    {
        writer.Write((byte)LogRecord.Operation.Upsert);
        writer.Write(document.Id);
        writer.Write(document.Name);
        writer.Write(document.ContentHash);
        writer.Write(document.Width);
        writer.Write(document.Height);
        writer.Write(document.Format);
        writer.Write(document.SizeBytes);
        writer.Write(document.ModelId);
        writer.Write(document.IndexedAt.UtcTicks);
        writer.Write((short)document.IndexedAt.TotalOffsetMinutes);
        writer.Write(document.Metadata.Count);
        foreach (var (key, value) in document.Metadata)
        {
            writer.Write(key);
            writer.Write(value);
        }

        writer.Write(embedding.Length);
        writer.Write(MemoryMarshal.AsBytes(embedding));

        // After the embedding, so records written before the fields existed still read (as no version, no group).
        // A record with a group needs the version's place taken: an empty version reads back as none (an ETag is
        // never empty).
        if (document.SourceVersion is not null || document.DuplicateOf is not null)
        {
            writer.Write(document.SourceVersion ?? "");
        }

        if (document.DuplicateOf is { } duplicateOf)
        {
            writer.Write(duplicateOf);
        }
    }

    public static void WriteDelete(BinaryWriter writer, string id)
    {
        writer.Write((byte)LogRecord.Operation.Delete);
        writer.Write(id);
    }

    /// <exception cref="InvalidDataException">The payload passed its checksum yet does not decode: not a crash, a bug or tampering.</exception>
    public static LogRecord Read(byte[] buffer, int length)
    {
        using var reader = new BinaryReader(new MemoryStream(buffer, 0, length, writable: false));
        try
        {
            var kind = (LogRecord.Operation)reader.ReadByte();
            return kind switch
            {
                LogRecord.Operation.Upsert => LogRecord.Upsert(ReadDocument(reader)),
                LogRecord.Operation.Delete => LogRecord.Delete(reader.ReadString()),
                _ => throw new InvalidDataException($"Unknown record kind {(byte)kind}."),
            };
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("A checksummed index record is shorter than its content.", e);
        }
    }

    private static ImageDocument ReadDocument(BinaryReader reader)
    {
        var id = reader.ReadString();
        var name = reader.ReadString();
        var contentHash = reader.ReadString();
        var width = reader.ReadInt32();
        var height = reader.ReadInt32();
        var format = reader.ReadString();
        var sizeBytes = reader.ReadInt64();
        var modelId = reader.ReadString();
        var utcTicks = reader.ReadInt64();
        var offsetMinutes = reader.ReadInt16();
        var metadataCount = reader.ReadInt32();
        var metadata = new Dictionary<string, string>(metadataCount, StringComparer.Ordinal);
        for (var i = 0; i < metadataCount; i++)
        {
            var key = reader.ReadString();
            metadata[key] = reader.ReadString();
        }

        var embedding = new float[reader.ReadInt32()];
        var bytes = MemoryMarshal.AsBytes(embedding.AsSpan());
        if (reader.Read(bytes) != bytes.Length)
        {
            throw new EndOfStreamException();
        }

        var sourceVersion = HasMore(reader) ? reader.ReadString() : null;
        var duplicateOf = HasMore(reader) ? reader.ReadString() : null;

        return new ImageDocument
        {
            Id = id,
            Name = name,
            ContentHash = contentHash,
            Width = width,
            Height = height,
            Format = format,
            SizeBytes = sizeBytes,
            ModelId = modelId,
            IndexedAt = new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes)),
            Metadata = metadata,
            Embedding = embedding,
            SourceVersion = sourceVersion is "" ? null : sourceVersion,
            DuplicateOf = duplicateOf,
        };
    }

    private static bool HasMore(BinaryReader reader) => reader.BaseStream.Position < reader.BaseStream.Length;
}
