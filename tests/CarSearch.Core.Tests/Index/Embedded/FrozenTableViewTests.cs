using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>
/// The table frozen for a compaction: whatever the table does afterwards (replace, delete, which moves rows, add,
/// which reuses freed rows), the view still yields exactly the documents of the moment it was frozen.
/// </summary>
public sealed class FrozenTableViewTests
{
    private readonly TestVectors _vectors = new(64, seed: 31);

    [Fact]
    public void TheViewYieldsTheTableAsItWasWhenFrozen()
    {
        var original = Documents("old", 40);
        var table = TableOf(original);

        var view = table.Freeze();
        foreach (var document in original.Where((_, i) => i % 4 == 0))
        {
            table.Apply(LogRecord.Upsert(document with { Name = "replaced", Embedding = _vectors.NextUnit() }));
        }

        // The last row and rows the swap moved into, deleted, then their indexes reused by new documents.
        table.Apply(LogRecord.Delete(original[^1].Id));
        foreach (var document in original.Where((_, i) => i % 5 == 1))
        {
            table.Apply(LogRecord.Delete(document.Id));
        }

        Documents("new", 15).ForEach(d => table.Apply(LogRecord.Upsert(d)));
        table.Apply(LogRecord.Upsert(original[1] with { Name = "back again", Embedding = _vectors.NextUnit() }));

        AssertSame(original, Read(view));
        Assert.Equal(40 - 1 - 8 + 15 + 1, table.Count);
        Assert.Equal("replaced", table.Get(original[0].Id)!.Name);
    }

    [Fact]
    public async Task TheViewReadWhileTheTableChangesOnAnotherThreadYieldsTheFrozenState()
    {
        for (var round = 0; round < 10; round++)
        {
            var original = Documents($"round-{round}", 3000);
            var table = TableOf(original);
            var view = table.Freeze();
            var replacements = original.Select(d => d with { Name = "changed", Embedding = _vectors.NextUnit() }).ToList();

            // The writer's side without a lock, as the index's writer loop does it during a compaction.
            var changes = Task.Run(() =>
            {
                var random = new Random(round);
                foreach (var replacement in replacements)
                {
                    table.Apply(random.Next(3) == 0 ? LogRecord.Delete(replacement.Id) : LogRecord.Upsert(replacement));
                }
            });
            var read = await Task.Run(() => Read(view));
            await changes;

            AssertSame(original, read);
        }
    }

    [Fact]
    public void AfterThawingTheTableNoLongerKeepsTheViewAndCanBeFrozenAgain()
    {
        var original = Documents("old", 10);
        var table = TableOf(original);

        var first = table.Freeze();
        Assert.Throws<InvalidOperationException>(() => table.Freeze());
        table.Thaw(first);
        var replaced = original[3] with { Name = "after the thaw" };
        table.Apply(LogRecord.Upsert(replaced));

        var second = table.Freeze();
        AssertSame([.. original.Select(d => d.Id == replaced.Id ? replaced : d)], Read(second));
    }

    private List<ImageDocument> Documents(string prefix, int count) =>
        Enumerable.Range(0, count)
            .Select(i => ContractDocuments.Create($"{prefix}/{i}.jpg", _vectors.NextUnit(), new Dictionary<string, string> { ["i"] = $"{i}" }))
            .ToList();

    private static DocumentTable TableOf(List<ImageDocument> documents)
    {
        var table = new DocumentTable(64);
        documents.ForEach(d => table.Apply(LogRecord.Upsert(d)));
        return table;
    }

    private static List<ImageDocument> Read(FrozenTableView view)
    {
        using var bytes = new MemoryStream();
        using var writer = new BinaryWriter(bytes);
        var documents = new List<ImageDocument>(view.Count);
        for (var row = 0; row < view.Count; row++)
        {
            bytes.SetLength(0);
            view.WriteDocument(row, writer);
            writer.Flush();
            var embedding = new float[64];
            view.CopyVector(row, embedding);
            documents.Add(DocumentCodec.Read(bytes.GetBuffer(), (int)bytes.Length).Document! with { Embedding = embedding });
        }

        return documents;
    }

    private static void AssertSame(List<ImageDocument> expected, List<ImageDocument> actual)
    {
        Assert.Equal(expected.Select(d => d.Id).Order(StringComparer.Ordinal), actual.Select(d => d.Id).Order(StringComparer.Ordinal));
        var byId = actual.ToDictionary(d => d.Id, StringComparer.Ordinal);
        expected.ForEach(document => DocumentAssert.Same(document, byId[document.Id]));
    }
}
