using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The binary form of <see cref="LogRecord"/>s: little-endian, strings as length-prefixed UTF-8
/// (<see cref="BinaryWriter"/>), the embedding as raw float32 so it reads back bit for bit.
/// </summary>
/// <remarks>
/// An upsert is written as <see cref="UpsertWithFields"/>: the fixed fields, the embedding, then optional fields, each
/// a <see cref="Field"/> tag and a string, until the record ends, so a field added later takes a new tag and a record
/// without it still reads. Records of the first form (<see cref="LogRecord.Operation.Upsert"/>: the fixed fields, the
/// embedding and at most a source version) still read, so an index written before keeps opening.
/// </remarks>
internal static class DocumentCodec
{
    /// <summary>The record kind byte of an upsert followed by tagged optional fields.</summary>
    private const byte UpsertWithFields = 3;

    /// <summary>What <see cref="ReadDocument"/> decodes; the other fields are stepped over without allocating.</summary>
    private enum Decoding
    {
        /// <summary>Every field.</summary>
        Whole,

        /// <summary>What a listing entry needs: name and model id (the id is given).</summary>
        Listing,

        /// <summary>What the table's maps need: id and metadata.</summary>
        Keys,
    }

    /// <summary>The optional fields' tags; never reuse one.</summary>
    private enum Field : byte
    {
        SourceVersion = 1,
        FacetVersion = 2,
        DuplicateOf = 3,
    }

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
        writer.Write(UpsertWithFields);
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

        WriteField(writer, Field.SourceVersion, document.SourceVersion);
        WriteField(writer, Field.FacetVersion, document.FacetVersion);
        WriteField(writer, Field.DuplicateOf, document.DuplicateOf);
    }

    /// <summary>
    /// The listing entry of a document kept by <see cref="ReadSnapshotDocument"/>, reading only its fields: serve's
    /// reconciliation lists every entry every few seconds, and a whole decode of a million documents took 1.3 s.
    /// </summary>
    public static IndexEntry ReadEncodedEntry(string id, byte[] encoded, int offset, int length)
    {
        var reader = new RecordReader(encoded.AsSpan(offset, length - sizeof(int)));
        var kind = reader.ReadByte();
        var document = ReadDocument(ref reader, Decoding.Listing, listingId: id);
        return IndexEntry.Of(ReadTail(kind, ref reader, document));
    }

    /// <summary>
    /// Writes a document kept by <see cref="ReadSnapshotDocument"/> back as the upsert it was read from, with
    /// <paramref name="embedding"/>: a compaction rewrites a loaded document without decoding it.
    /// </summary>
    public static void WriteEncodedUpsert(BinaryWriter writer, ReadOnlySpan<byte> encoded, ReadOnlySpan<float> embedding)
    {
        var lengthAt = BinaryPrimitives.ReadInt32LittleEndian(encoded[^sizeof(int)..]);
        writer.Write(encoded[..lengthAt]);
        writer.Write(embedding.Length);
        writer.Write(MemoryMarshal.AsBytes(embedding));
        writer.Write(encoded[(lengthAt + sizeof(int))..^sizeof(int)]);
    }

    public static void WriteDelete(BinaryWriter writer, string id)
    {
        writer.Write((byte)LogRecord.Operation.Delete);
        writer.Write(id);
    }

    /// <exception cref="InvalidDataException">The payload passed its checksum yet does not decode: not a crash, a bug or tampering.</exception>
    public static LogRecord Read(byte[] buffer, int length)
    {
        var reader = new RecordReader(buffer.AsSpan(0, length));
        try
        {
            var kind = reader.ReadByte();
            switch (kind)
            {
                case UpsertWithFields or (byte)LogRecord.Operation.Upsert:
                    var document = ReadDocument(ref reader);
                    return LogRecord.Upsert(ReadTail(kind, ref reader, document));
                case (byte)LogRecord.Operation.Delete:
                    return LogRecord.Delete(reader.ReadString());
                default:
                    throw new InvalidDataException($"Unknown record kind {kind}.");
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("A checksummed index record is shorter than its content.", e);
        }
    }

    /// <summary>
    /// The bytes <see cref="ReadSnapshotDocument"/> keeps of an upsert record of <paramref name="length"/> bytes: the
    /// record with an empty embedding, then where its embedding's length stands (so it can be written back whole).
    /// </summary>
    public static int EncodedLength(int length, int dimensions) => length - (dimensions * sizeof(float)) + sizeof(int);

    /// <summary>
    /// Reads an upsert as a snapshot holds it. Its embedding goes to <paramref name="embedding"/> (a buffer reused from
    /// record to record: loading a million documents allocates no vector); the record without the embedding's values
    /// (<see cref="EncodedLength"/> bytes, what <see cref="ReadEncoded"/> reads) is copied to
    /// <paramref name="encoded"/> at <paramref name="encodedOffset"/>. Only the keys are decoded: the other fields of a
    /// million documents, read again from the kept bytes when asked for, were a tenth of a reopen.
    /// </summary>
    /// <exception cref="InvalidDataException">The payload is not an upsert, or not of <paramref name="embedding"/>'s dimension.</exception>
    public static DocumentKeys ReadSnapshotDocument(
        byte[] buffer, int offset, int length, float[] embedding, byte[] encoded, int encodedOffset)
    {
        var reader = new RecordReader(buffer.AsSpan(offset, length));
        try
        {
            var kind = reader.ReadByte();
            if (kind is not (UpsertWithFields or (byte)LogRecord.Operation.Upsert))
            {
                throw new InvalidDataException($"A record of kind {kind} where a document was expected.");
            }

            var document = ReadDocument(ref reader, Decoding.Keys, embedding);

            // The reader stands just after the embedding's values: keep what is before them with a length of 0, what
            // follows, and where the length stands.
            var valuesEnd = reader.Position;
            var lengthAt = valuesEnd - (embedding.Length * sizeof(float)) - sizeof(int);
            var target = encoded.AsSpan(encodedOffset, EncodedLength(length, embedding.Length));
            buffer.AsSpan(offset, lengthAt).CopyTo(target);
            BinaryPrimitives.WriteInt32LittleEndian(target[lengthAt..], 0);
            buffer.AsSpan(offset + valuesEnd, length - valuesEnd).CopyTo(target[(lengthAt + sizeof(int))..]);
            BinaryPrimitives.WriteInt32LittleEndian(target[^sizeof(int)..], lengthAt);

            document = ReadTail(kind, ref reader, document);
            return new DocumentKeys(document.Id, document.Metadata, document.DuplicateOf);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("A checksummed index record is shorter than its content.", e);
        }
    }

    /// <summary>A document kept by <see cref="ReadSnapshotDocument"/>, decoded again: everything but the embedding.</summary>
    public static ImageDocument ReadEncoded(byte[] encoded, int offset, int length)
    {
        var reader = new RecordReader(encoded.AsSpan(offset, length - sizeof(int)));
        var kind = reader.ReadByte();
        var document = ReadDocument(ref reader);
        return ReadTail(kind, ref reader, document);
    }

    /// <summary>
    /// Reads the fixed fields and the embedding: into a new array, or into <paramref name="into"/>, leaving the
    /// document's empty; of the fields, what <paramref name="decoding"/> names (for a listing, the id is
    /// <paramref name="listingId"/>). The one place their order is read.
    /// </summary>
    private static ImageDocument ReadDocument(
        ref RecordReader reader, Decoding decoding = Decoding.Whole, float[]? into = null, string? listingId = null)
    {
        var full = decoding == Decoding.Whole;
        var storedId = Text(ref reader, decoding != Decoding.Listing);

        var name = Text(ref reader, decoding != Decoding.Keys);
        var contentHash = Text(ref reader, full);
        var width = full ? reader.ReadInt32() : Skip<int>(ref reader);
        var height = full ? reader.ReadInt32() : Skip<int>(ref reader);
        var format = Text(ref reader, full);
        var sizeBytes = full ? reader.ReadInt64() : Skip<long>(ref reader);
        var modelId = Text(ref reader, decoding != Decoding.Keys);
        var utcTicks = full ? reader.ReadInt64() : Skip<long>(ref reader);
        var offsetMinutes = full ? reader.ReadInt16() : Skip<short>(ref reader);
        var metadataCount = reader.ReadInt32();
        var withMetadata = decoding != Decoding.Listing;
        var metadata = withMetadata ? new Dictionary<string, string>(metadataCount, StringComparer.Ordinal) : null;
        for (var i = 0; i < metadataCount; i++)
        {
            var key = Text(ref reader, withMetadata);
            var value = Text(ref reader, withMetadata);
            if (metadata is not null)
            {
                metadata[key] = value;
            }
        }

        var embeddingLength = reader.ReadInt32();
        if (into is not null && embeddingLength != into.Length)
        {
            throw new InvalidDataException($"A document of {embeddingLength} dimensions in an index of {into.Length}.");
        }

        var embedding = into ?? new float[embeddingLength];
        reader.ReadBytes(MemoryMarshal.AsBytes(embedding.AsSpan()));

        return new ImageDocument
        {
            Id = listingId ?? storedId,
            Name = name,
            ContentHash = contentHash,
            Width = width,
            Height = height,
            Format = format,
            SizeBytes = sizeBytes,
            ModelId = modelId,
            IndexedAt = new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes)),
            Metadata = metadata is null ? ReadOnlyDictionary<string, string>.Empty : metadata.AsReadOnly(),
            Embedding = into is null ? embedding : [],
        };
    }

    /// <summary>A string field, or "" stepped over when it is not <paramref name="wanted"/>.</summary>
    private static string Text(ref RecordReader reader, bool wanted)
    {
        if (wanted)
        {
            return reader.ReadString();
        }

        reader.SkipString();
        return "";
    }

    /// <summary>Steps over a fixed-size field; its value is the default.</summary>
    private static T Skip<T>(ref RecordReader reader)
        where T : unmanaged
    {
        reader.Skip(Unsafe.SizeOf<T>());
        return default;
    }

    private static void WriteField(BinaryWriter writer, Field field, string? value)
    {
        if (value is not null)
        {
            writer.Write((byte)field);
            writer.Write(value);
        }
    }

    private static ImageDocument ReadFields(ref RecordReader reader, ImageDocument document)
    {
        while (!reader.AtEnd)
        {
            var field = (Field)reader.ReadByte();
            var value = reader.ReadString();
            document = field switch
            {
                Field.SourceVersion => document with { SourceVersion = value },
                Field.FacetVersion => document with { FacetVersion = value },
                Field.DuplicateOf => document with { DuplicateOf = value },
                _ => throw new InvalidDataException($"Unknown document field {(byte)field}: written by a newer version of the app?"),
            };
        }

        return document;
    }

    /// <summary>What follows the embedding of an upsert of <paramref name="kind"/>: tagged fields, or the first form's tail.</summary>
    private static ImageDocument ReadTail(byte kind, ref RecordReader reader, ImageDocument document) =>
        kind == UpsertWithFields ? ReadFields(ref reader, document) : ReadFirstFormTail(ref reader, document);

    /// <summary>The first form ends with the source version, when it was known.</summary>
    private static ImageDocument ReadFirstFormTail(ref RecordReader reader, ImageDocument document) =>
        reader.AtEnd ? document : document with { SourceVersion = reader.ReadString() };
}
