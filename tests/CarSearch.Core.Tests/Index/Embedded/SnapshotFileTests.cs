using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>
/// The snapshot loads in chunks, split into records and decoded in parallel: whatever the chunks cut, the table it
/// gives is the table the snapshot was written from, and any damage is still reported with where it is.
/// </summary>
public sealed class SnapshotFileTests : IDisposable
{
    private const int Dimensions = 512;

    /// <summary>For snapshots of thousands of documents, kept small on disk.</summary>
    private const int SmallDimensions = 8;

    private readonly IndexDirectory _directory = new();
    private readonly TestVectors _vectors = new(Dimensions, seed: 31);

    public void Dispose() => _directory.Dispose();

    // Smaller than one record (the chunk grows), a record or so (every boundary falls inside one), and all at once.
    [Theory]
    [InlineData(1000)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void TheLoadedTableIsTheOneWrittenWhateverTheChunksCut(int chunkBytes)
    {
        var documents = Documents(300);
        Write(documents, generation: 7);

        var table = new DocumentTable(Dimensions);
        var generation = SnapshotFile.Load(_directory.Path, table, chunkBytes);

        Assert.Equal(7, generation);
        var expected = new DocumentTable(Dimensions);
        foreach (var document in documents)
        {
            expected.Apply(LogRecord.Upsert(document));
        }

        Assert.Equal(documents.Count, table.Count);
        for (var row = 0; row < documents.Count; row++)
        {
            DocumentAssert.Same(documents[row], table.Get(documents[row].Id));
            Assert.Equal(row, table.RowOf(documents[row].Id));
        }

        // The int8 codes a search scans first, and the bounds it trusts them by, are those of rows written one by one.
        AssertSameCodes(expected.Vectors.Blocks()[0], table.Vectors.Blocks()[0]);

        var filters = new Dictionary<string, string> { ["MAKE"] = "Kia", ["colour"] = "red" };
        Assert.Equal(expected.RowsMatching(filters), table.RowsMatching(filters));
        Assert.Equal(
            expected.DuplicatesOf([documents[0].Id]).Select(d => d.Id).Order(StringComparer.Ordinal),
            table.DuplicatesOf([documents[0].Id]).Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.NotEmpty(table.DuplicatesOf([documents[0].Id]));
    }

    [Fact]
    public void AnEmptySnapshotLoadsNothing()
    {
        Write([], generation: 3);

        var table = new DocumentTable(Dimensions);

        Assert.Equal(3, SnapshotFile.Load(_directory.Path, table, 1000));
        Assert.Equal(0, table.Count);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1 << 20)]
    public void ASnapshotCutShortIsReportedAtTheDocumentWhereItEnds(int chunkBytes)
    {
        Write(Documents(20), generation: 1);
        using (var stream = new FileStream(_directory.SnapshotFile, FileMode.Open))
        {
            // The documents come last: this cuts the last one.
            stream.SetLength(stream.Length - 10);
        }

        var error = Assert.Throws<InvalidDataException>(() => SnapshotFile.Load(_directory.Path, new DocumentTable(Dimensions), chunkBytes));

        Assert.Contains("damaged at document 19 of 20", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1 << 20)]
    public void AChangedByteInTheLastDocumentIsReported(int chunkBytes)
    {
        Write(Documents(20), generation: 1);
        FlipByteAt(new FileInfo(_directory.SnapshotFile).Length - 10);

        var error = Assert.Throws<InvalidDataException>(() => SnapshotFile.Load(_directory.Path, new DocumentTable(Dimensions), chunkBytes));

        Assert.Contains("damaged at document 19 of 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AChangedByteInTheEmbeddingsIsReportedWithTheDocumentsTheyBelongTo()
    {
        Write(Documents(20), generation: 1);

        // The embeddings start at the first 4 KB boundary after the header and the table of hashes: one region of 20 rows.
        FlipByteAt(4096 + 100);

        var error = Assert.Throws<InvalidDataException>(() => SnapshotFile.Load(_directory.Path, new DocumentTable(Dimensions)));

        Assert.Contains("damaged in the embeddings of documents 0 to 19 of 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AChangedByteInTheTableThatChecksTheEmbeddingsIsReported()
    {
        Write(Documents(20), generation: 1);

        // The table's record follows the header: its length, its checksum, then one hash per region.
        FlipByteAt(IndexFileHeader.Bytes + 8 + 3);

        var error = Assert.Throws<InvalidDataException>(() => SnapshotFile.Load(_directory.Path, new DocumentTable(Dimensions)));

        Assert.Contains("damaged in the table that checks its embeddings", error.Message, StringComparison.Ordinal);
    }

    // 8,192 rows to a vector block: 20,000 documents take two whole blocks, read from the mapped file, and a last one
    // of 3,616 rows, copied into memory of its own that later rows go on filling.
    [Fact]
    public void EmbeddingsAcrossBlocksLoadIntoTheirRowsWholeBlocksMapped()
    {
        var documents = WriteSmallDocuments(20_000);

        var table = new DocumentTable(SmallDimensions);
        SnapshotFile.Load(_directory.Path, table);

        Assert.Equal(documents.Count, table.Count);
        Assert.Equal([true, true, false], table.Vectors.Blocks().Select(block => block.IsMapped));
        var expected = new DocumentTable(SmallDimensions);
        documents.ForEach(document => expected.Apply(LogRecord.Upsert(document)));
        foreach (var row in new[] { 0, 1023, 5000, 8191, 8192, 16383, 16384, 19999 })
        {
            DocumentAssert.Same(documents[row], table.Get(documents[row].Id));
            Assert.Equal(expected.Vectors.Vector(row).ToArray(), table.Vectors.Vector(row).ToArray());
        }

        for (var block = 0; block < 3; block++)
        {
            AssertSameCodes(expected.Vectors.Blocks()[block], table.Vectors.Blocks()[block]);
        }

        table.Vectors.Dispose();
    }

    // Exactly one whole block: nothing is copied at load, and the first row added after it starts a block of its own.
    [Fact]
    public void RowsWrittenAfterLoadingWholeBlocksGoToTheirRowsAndNeverToTheFile()
    {
        var documents = WriteSmallDocuments(VectorRows.RowsPerBlock);
        var snapshot = File.ReadAllBytes(_directory.SnapshotFile);
        var table = new DocumentTable(SmallDimensions);
        SnapshotFile.Load(_directory.Path, table);
        Assert.Equal([true], table.Vectors.Blocks().Select(block => block.IsMapped));

        var added = ContractDocuments.Create("many/added.jpg", new TestVectors(SmallDimensions, seed: 5).NextUnit());
        table.Apply(LogRecord.Upsert(added));

        // The added row is the last: deleting the first moves it into the first row, in the mapped block.
        table.Apply(LogRecord.Delete(documents[0].Id));

        Assert.Equal([true, false], table.Vectors.Blocks().Select(block => block.IsMapped));
        Assert.Equal(VectorRows.RowsPerBlock, table.Count);
        Assert.Equal(0, table.RowOf(added.Id));
        DocumentAssert.Same(added, table.Get(added.Id));
        DocumentAssert.Same(documents[^1], table.Get(documents[^1].Id));
        Assert.Null(table.Get(documents[0].Id));
        table.Vectors.Dispose();
        Assert.True(snapshot.AsSpan().SequenceEqual(File.ReadAllBytes(_directory.SnapshotFile)), "A change reached the mapped snapshot.");
    }

    [Fact]
    public void AChangedByteInOneBlockOfEmbeddingsIsReportedWithItsDocuments()
    {
        WriteSmallDocuments(20_000);
        var layout = SnapshotVectorBlocks.Layout.After(IndexFileHeader.Bytes, 20_000, SmallDimensions);

        // In the second block's codes: rows 8,192 to 16,383.
        FlipByteAt(layout.RegionAt(1) + (VectorRows.RowsPerBlock * SmallDimensions * sizeof(float)) + 5);

        var error = Assert.Throws<InvalidDataException>(() => SnapshotFile.Load(_directory.Path, new DocumentTable(SmallDimensions)));
        Assert.Contains("damaged in the embeddings of documents 8192 to 16383 of 20000", error.Message, StringComparison.Ordinal);
    }

    // Indexes written before the embeddings were laid out to be mapped (format version 2: framed runs of 1,024 rows)
    // keep opening, rows quantised on the way in.
    [Fact]
    public void ASnapshotOfTheSecondFormatStillLoads()
    {
        var documents = WriteSecondFormat(8200);

        var table = new DocumentTable(SmallDimensions);

        Assert.Equal(5, SnapshotFile.Load(_directory.Path, table));
        Assert.Equal(documents.Count, table.Count);
        Assert.DoesNotContain(table.Vectors.Blocks(), block => block.IsMapped);
        var expected = new DocumentTable(SmallDimensions);
        documents.ForEach(document => expected.Apply(LogRecord.Upsert(document)));
        foreach (var row in new[] { 0, 1023, 1024, 8191, 8192, 8199 })
        {
            DocumentAssert.Same(documents[row], table.Get(documents[row].Id));
        }

        AssertSameCodes(expected.Vectors.Blocks()[1], table.Vectors.Blocks()[1]);
    }

    [Fact]
    public void AChangedByteInOneFrameOfASecondFormatSnapshotIsReportedWithItsDocuments()
    {
        WriteSecondFormat(5000);
        var frameBytes = 8 + (1024 * SmallDimensions * sizeof(float));

        // The fourth frame: rows 3,072 to 4,095.
        FlipByteAt(IndexFileHeader.Bytes + (3 * frameBytes) + 100);

        var error = Assert.Throws<InvalidDataException>(() => SnapshotFile.Load(_directory.Path, new DocumentTable(SmallDimensions)));
        Assert.Contains("damaged in the embeddings of documents 3072 to 4095 of 5000", error.Message, StringComparison.Ordinal);
    }

    // Indexes written before the embeddings moved out of the documents (format version 1) keep opening.
    [Theory]
    [InlineData(1000)]
    [InlineData(1 << 20)]
    public void ASnapshotOfTheFirstFormatStillLoads(int chunkBytes)
    {
        var documents = Documents(50);
        using (var stream = new FileStream(_directory.SnapshotFile, FileMode.Create))
        {
            new IndexFileHeader(Dimensions, Generation: 9, documents.Count, Version: 1).Write(stream, "CSIDXSNP"u8);
            using var payload = new MemoryStream();
            using var writer = new BinaryWriter(payload);
            foreach (var document in documents)
            {
                payload.SetLength(0);
                DocumentCodec.WriteUpsert(writer, document, document.Embedding);
                writer.Flush();
                RecordFraming.Write(stream, payload.GetBuffer().AsSpan(0, (int)payload.Length));
            }
        }

        var table = new DocumentTable(Dimensions);

        Assert.Equal(9, SnapshotFile.Load(_directory.Path, table, chunkBytes));
        Assert.Equal(documents.Count, table.Count);
        documents.ForEach(document => DocumentAssert.Same(document, table.Get(document.Id)));
    }

    [Theory]
    [InlineData(2_000_000_000L)]
    [InlineData(-3L)]
    public void ACountTheFileCannotHoldIsReportedAsDamageWithoutReservingRowsForIt(long count)
    {
        Write(Documents(5), generation: 1);
        using (var stream = new FileStream(_directory.SnapshotFile, FileMode.Open))
        {
            // The header's count: after the magic, the version, the dimension and the generation.
            stream.Position = IndexFileHeader.Bytes - sizeof(long);
            stream.Write(BitConverter.GetBytes(count));
        }

        var table = new DocumentTable(Dimensions);
        var error = Assert.Throws<InvalidDataException>(() => SnapshotFile.Load(_directory.Path, table, 1 << 20));

        Assert.Contains($"counts {count} documents", error.Message, StringComparison.Ordinal);
        Assert.Empty(table.Vectors.Blocks());
    }

    [Fact]
    public void DataAfterTheLastDocumentIsReported()
    {
        Write(Documents(5), generation: 1);
        using (var stream = new FileStream(_directory.SnapshotFile, FileMode.Append))
        {
            stream.Write(new byte[100]);
        }

        var error = Assert.Throws<InvalidDataException>(() => SnapshotFile.Load(_directory.Path, new DocumentTable(Dimensions), 1 << 20));

        Assert.Contains("data after its 5 documents", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADocumentTwiceInOneSnapshotIsReported()
    {
        var documents = Documents(5);
        Write([.. documents, documents[2] with { Name = "again" }], generation: 1);

        var error = Assert.Throws<InvalidDataException>(() => SnapshotFile.Load(_directory.Path, new DocumentTable(Dimensions), 1000));

        Assert.Contains(documents[2].Id, error.Message, StringComparison.Ordinal);
    }

    private void Write(List<ImageDocument> documents, long generation, int dimensions = Dimensions) =>
        SnapshotFile.Write(
            _directory.Path,
            dimensions,
            generation,
            documents.Count,
            (i, writer) => DocumentCodec.WriteUpsert(writer, documents[i], []),
            (i, into) => documents[i].Embedding.CopyTo(into));

    /// <summary>Writes a snapshot of <paramref name="count"/> documents of <see cref="SmallDimensions"/> without metadata.</summary>
    private List<ImageDocument> WriteSmallDocuments(int count)
    {
        var vectors = new TestVectors(SmallDimensions, seed: count);
        var documents = Enumerable.Range(0, count).Select(i => ContractDocuments.Create($"many/{i}.jpg", vectors.NextUnit())).ToList();
        Write(documents, generation: 2, SmallDimensions);
        return documents;
    }

    /// <summary>Writes, as version 2 did, a snapshot of <paramref name="count"/> documents of <see cref="SmallDimensions"/>.</summary>
    private List<ImageDocument> WriteSecondFormat(int count)
    {
        var vectors = new TestVectors(SmallDimensions, seed: count);
        var documents = Enumerable.Range(0, count).Select(i => ContractDocuments.Create($"v2/{i}.jpg", vectors.NextUnit())).ToList();
        using var stream = new FileStream(_directory.SnapshotFile, FileMode.Create);
        new IndexFileHeader(SmallDimensions, Generation: 5, documents.Count, Version: 2).Write(stream, "CSIDXSNP"u8);
        foreach (var frame in documents.Chunk(1024))
        {
            RecordFraming.Write(stream, System.Runtime.InteropServices.MemoryMarshal.AsBytes(frame.SelectMany(d => d.Embedding).ToArray().AsSpan()));
        }

        using var payload = new MemoryStream();
        using var writer = new BinaryWriter(payload);
        foreach (var document in documents)
        {
            payload.SetLength(0);
            DocumentCodec.WriteUpsert(writer, document, []);
            writer.Flush();
            RecordFraming.Write(stream, payload.GetBuffer().AsSpan(0, (int)payload.Length));
        }

        return documents;
    }

    /// <summary>The int8 codes a search scans first, and the bounds it trusts them by.</summary>
    private static void AssertSameCodes(VectorBlock expected, VectorBlock actual)
    {
        Assert.Equal(expected.Codes.ToArray(), actual.Codes.ToArray());
        Assert.Equal(expected.CodeSteps.ToArray(), actual.CodeSteps.ToArray());
        Assert.Equal(expected.CodeResiduals.ToArray(), actual.CodeResiduals.ToArray());
        Assert.Equal(expected.InverseNorms.ToArray(), actual.InverseNorms.ToArray());
    }

    private void FlipByteAt(long position)
    {
        using var stream = new FileStream(_directory.SnapshotFile, FileMode.Open);
        stream.Position = position;
        var value = stream.ReadByte();
        stream.Position = position;
        stream.WriteByte((byte)(value ^ 0x01));
    }

    private List<ImageDocument> Documents(int count)
    {
        string[] makes = ["Audi", "Kia", "Fiat"];
        string[] colours = ["red", "blue"];
        var documents = Enumerable.Range(0, count)
            .Select(i => ContractDocuments.Create(
                $"snapshot/{i}.jpg",
                _vectors.NextUnit(),
                new Dictionary<string, string> { ["make"] = makes[i % makes.Length], ["colour"] = colours[i % colours.Length] })
                with { SourceVersion = i % 4 == 0 ? null : $"0x8D{i}" })
            .ToList();
        for (var i = 1; i < count; i += 7)
        {
            documents[i] = documents[i] with { DuplicateOf = documents[0].Id };
        }

        return documents;
    }
}
