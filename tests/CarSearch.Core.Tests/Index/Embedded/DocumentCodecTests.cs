using System.Runtime.InteropServices;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>The embedded index's record format: new fields round-trip, and records written before them still read.</summary>
public sealed class DocumentCodecTests
{
    private static readonly ImageDocument Document = new()
    {
        Id = "car.jpg",
        Name = "car.jpg",
        ContentHash = new string('a', 64),
        Width = 640,
        Height = 480,
        Format = "JPEG",
        SizeBytes = 12345,
        Metadata = new Dictionary<string, string> { ["make"] = "Fiat", ["auto.colour"] = "red" },
        ModelId = "model",
        IndexedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)),
        Embedding = [0.6f, 0.8f],
    };

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("\"0x8D\"", null, null)]
    [InlineData(null, "0123456789abcdef", null)]
    [InlineData(null, null, "original.jpg")]
    [InlineData("\"0x8D\"", "0123456789abcdef", null)]
    [InlineData("\"0x8D\"", null, "original.jpg")]
    [InlineData("\"0x8D\"", "0123456789abcdef", "original.jpg")]
    public void AnUpsertReadsBackWithItsOptionalFields(string? sourceVersion, string? facetVersion, string? duplicateOf)
    {
        var written = Document with { SourceVersion = sourceVersion, FacetVersion = facetVersion, DuplicateOf = duplicateOf };
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            DocumentCodec.WriteUpsert(writer, written, written.Embedding);
        }

        var read = DocumentCodec.Read(buffer.GetBuffer(), (int)buffer.Length).Document!;

        DocumentAssert.Same(written, read);
        Assert.Equal((sourceVersion, facetVersion, duplicateOf), (read.SourceVersion, read.FacetVersion, read.DuplicateOf));
    }

    // Lengths of 128 bytes and more take two bytes or three (7 bits each); Ü, € and emoji take two, three and four
    // UTF-8 bytes; a lone surrogate is written (and read) as U+FFFD.
    [Fact]
    public void LongAndNonAsciiTextReadsBackAsWritten()
    {
        var written = Document with
        {
            Id = "Übersicht/" + new string('€', 60) + ".jpg",
            Name = new string('x', 20_000),
            Metadata = new Dictionary<string, string> { ["Farbe"] = "grün 🚗", ["note"] = new string('ß', 200), ["broken"] = "a\ud800b" },
            DuplicateOf = "Äpfel.jpg",
        };
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            DocumentCodec.WriteUpsert(writer, written, written.Embedding);
        }

        var read = DocumentCodec.Read(buffer.GetBuffer(), (int)buffer.Length).Document!;

        DocumentAssert.Same(written with { Metadata = new Dictionary<string, string>(written.Metadata) { ["broken"] = "a\ufffdb" } }, read);
        Assert.Equal("Äpfel.jpg", read.DuplicateOf);
    }

    [Fact]
    public void ARecordCutAnywhereIsReportedAsDamage()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            // Without optional fields, so that every cut leaves the record short of something it declares.
            DocumentCodec.WriteUpsert(writer, Document, Document.Embedding);
        }

        var whole = buffer.ToArray();
        for (var length = 1; length < whole.Length; length++)
        {
            var cut = whole[..length];
            Assert.Throws<InvalidDataException>(() => DocumentCodec.Read(cut, length));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("\"0x8D\"")]
    public void ARecordOfTheFirstFormStillReadsWithoutFacetsOrGroup(string? sourceVersion)
    {
        var bytes = FirstForm(Document, sourceVersion);

        var read = DocumentCodec.Read(bytes, bytes.Length).Document!;

        DocumentAssert.Same(Document with { SourceVersion = sourceVersion }, read);
        Assert.Null(read.FacetVersion);
        Assert.Null(read.DuplicateOf);
    }

    public static TheoryData<string, string?, string?> SnapshotRecords => new()
    {
        { "current form", null, null },
        { "current form", "\"0x8D\"", "original.jpg" },
        { "first form", null, null },
        { "first form", "\"0x8D\"", null },
    };

    [Theory]
    [MemberData(nameof(SnapshotRecords))]
    public void ALoadedDocumentKeptWithoutItsEmbeddingDecodesAndWritesBackAsItWasRead(string form, string? sourceVersion, string? duplicateOf)
    {
        // The first form has no facet version or group.
        var written = Document with { SourceVersion = sourceVersion, DuplicateOf = duplicateOf, FacetVersion = form == "first form" ? null : "facets-7" };
        byte[] record;
        if (form == "first form")
        {
            record = FirstForm(written, sourceVersion);
        }
        else
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer))
            {
                DocumentCodec.WriteUpsert(writer, written, written.Embedding);
            }

            record = buffer.ToArray();
        }

        // Inside larger arrays, at an offset, as a chunk and its kept bytes are.
        var chunk = new byte[record.Length + 10];
        record.CopyTo(chunk, 7);
        var encodedLength = DocumentCodec.EncodedLength(record.Length, Document.Embedding.Length);
        var encoded = new byte[encodedLength + 5];
        var embedding = new float[Document.Embedding.Length];

        var read = DocumentCodec.ReadSnapshotDocument(chunk, 7, record.Length, embedding, encoded, 3);

        Assert.Equal(Document.Embedding, embedding);
        Assert.Equal(written.Id, read.Id);
        Assert.Equal(written.Metadata, read.Metadata);
        Assert.Equal(written.DuplicateOf, read.DuplicateOf);
        var expected = written with { Embedding = [] };
        DocumentAssert.Same(expected, DocumentCodec.ReadEncoded(encoded, 3, encodedLength));
        Assert.Equal(
            new IndexEntry(written.Id, written.Name, written.SourceVersion, written.ModelId, written.FacetVersion),
            DocumentCodec.ReadEncodedEntry(written.Id, encoded, 3, encodedLength));
        using var rewritten = new MemoryStream();
        using (var writer = new BinaryWriter(rewritten))
        {
            DocumentCodec.WriteEncodedUpsert(writer, encoded.AsSpan(3, encodedLength), embedding);
        }

        Assert.Equal(record, rewritten.ToArray());
    }

    /// <summary>An upsert as the index wrote it before documents had facets or groups: kind 1, the fields, an optional source version.</summary>
    private static byte[] FirstForm(ImageDocument document, string? sourceVersion)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write((byte)1);
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

            writer.Write(document.Embedding.Length);
            writer.Write(MemoryMarshal.AsBytes(document.Embedding.AsSpan()));
            if (sourceVersion is not null)
            {
                writer.Write(sourceVersion);
            }
        }

        return buffer.ToArray();
    }
}
