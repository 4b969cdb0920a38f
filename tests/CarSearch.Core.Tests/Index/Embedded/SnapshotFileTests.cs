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
        var (loadedBlock, expectedBlock) = (table.Vectors.Blocks()[0], expected.Vectors.Blocks()[0]);
        Assert.Equal(expectedBlock.Codes, loadedBlock.Codes);
        Assert.Equal(expectedBlock.CodeSteps, loadedBlock.CodeSteps);
        Assert.Equal(expectedBlock.CodeResiduals, loadedBlock.CodeResiduals);
        Assert.Equal(expectedBlock.InverseNorms, loadedBlock.InverseNorms);

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
            // A document is over 2 KB (512 floats): this cuts the last one in two.
            stream.SetLength(stream.Length - 700);
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
        using (var stream = new FileStream(_directory.SnapshotFile, FileMode.Open))
        {
            stream.Position = stream.Length - 10;
            var value = stream.ReadByte();
            stream.Position -= 1;
            stream.WriteByte((byte)(value ^ 0x01));
        }

        var error = Assert.Throws<InvalidDataException>(() => SnapshotFile.Load(_directory.Path, new DocumentTable(Dimensions), chunkBytes));

        Assert.Contains("damaged at document 19 of 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACountFarBeyondTheFileIsReportedAsDamageWithoutReservingRowsForIt()
    {
        Write(Documents(5), generation: 1);
        using (var stream = new FileStream(_directory.SnapshotFile, FileMode.Open))
        {
            // The header's count: after the magic, the version, the dimension and the generation.
            stream.Position = IndexFileHeader.Bytes - sizeof(long);
            stream.Write(BitConverter.GetBytes(2_000_000_000L));
        }

        var table = new DocumentTable(Dimensions);
        var error = Assert.Throws<InvalidDataException>(() => SnapshotFile.Load(_directory.Path, table, 1 << 20));

        Assert.Contains("damaged at document 5 of 2000000000", error.Message, StringComparison.Ordinal);
        Assert.Single(table.Vectors.Blocks());
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

    private void Write(List<ImageDocument> documents, long generation) =>
        SnapshotFile.Write(_directory.Path, Dimensions, generation, documents.Count, (i, writer) =>
            DocumentCodec.WriteUpsert(writer, documents[i], documents[i].Embedding));

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
