using System.Runtime.InteropServices;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>The record format: every field reads back, and records written before a field existed still read.</summary>
public sealed class DocumentCodecTests
{
    private static readonly ImageDocument Document = ContractDocuments.Create(
        "codec/car.jpg", new TestVectors(8, seed: 5).NextUnit(), new Dictionary<string, string> { ["make"] = "Saab" });

    public static TheoryData<string?, string?> VersionsAndGroups => new()
    {
        { null, null },
        { "\"0x8DC1\"", null },
        { null, "codec%2Foriginal.jpg" },
        { "\"0x8DC1\"", "codec%2Foriginal.jpg" },
    };

    [Theory]
    [MemberData(nameof(VersionsAndGroups))]
    public void EveryCombinationOfTheOptionalFieldsReadsBack(string? version, string? duplicateOf)
    {
        var document = Document with { SourceVersion = version, DuplicateOf = duplicateOf };
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            DocumentCodec.WriteUpsert(writer, document, document.Embedding);
        }

        var read = DocumentCodec.Read(stream.GetBuffer(), (int)stream.Length);

        DocumentAssert.Same(document, read.Document);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RecordsWrittenBeforeDuplicateGroupsReadAsNoGroup(bool withVersion)
    {
        // The layout as the index wrote it before DuplicateOf existed: the version, if any, was the last field.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)1);
            writer.Write(Document.Id);
            writer.Write(Document.Name);
            writer.Write(Document.ContentHash);
            writer.Write(Document.Width);
            writer.Write(Document.Height);
            writer.Write(Document.Format);
            writer.Write(Document.SizeBytes);
            writer.Write(Document.ModelId);
            writer.Write(Document.IndexedAt.UtcTicks);
            writer.Write((short)0);
            writer.Write(1);
            writer.Write("make");
            writer.Write("Saab");
            writer.Write(Document.Embedding.Length);
            writer.Write(MemoryMarshal.AsBytes(Document.Embedding.AsSpan()));
            if (withVersion)
            {
                writer.Write("\"0x8DC1\"");
            }
        }

        var read = DocumentCodec.Read(stream.GetBuffer(), (int)stream.Length);

        DocumentAssert.Same(Document with { SourceVersion = withVersion ? "\"0x8DC1\"" : null }, read.Document);
    }
}
