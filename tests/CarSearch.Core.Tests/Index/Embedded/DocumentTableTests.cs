using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>The in-memory table after many replaces and deletes (which move rows): filters still find exactly the right rows.</summary>
public sealed class DocumentTableTests
{
    private static readonly string[] Makes = ["Audi", "BMW", "Fiat", "Kia"];
    private static readonly string[] Colours = ["red", "blue", "black"];

    [Fact]
    public void FiltersFindExactlyTheMatchingDocumentsAfterRowsMove()
    {
        var random = new Random(12);
        var vectors = new TestVectors(64, seed: 12);
        var table = new DocumentTable(64);
        var expected = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        for (var step = 0; step < 3000; step++)
        {
            var id = $"car-{random.Next(300)}";
            if (random.Next(3) == 0)
            {
                table.Apply(LogRecord.Delete(id));
                expected.Remove(id);
            }
            else
            {
                // Keys in varying case: filters must find "make" whatever the document spelt it.
                var metadata = new Dictionary<string, string>
                {
                    [random.Next(2) == 0 ? "Make" : "make"] = Makes[random.Next(Makes.Length)],
                    ["colour"] = Colours[random.Next(Colours.Length)],
                };
                table.Apply(LogRecord.Upsert(ContractDocuments.Create(id, vectors.NextUnit(), metadata) with { Id = id }));
                expected[id] = metadata;
            }
        }

        Assert.Equal(expected.Count, table.Count);
        foreach (var make in Makes)
        {
            foreach (var colour in Colours)
            {
                var filters = new Dictionary<string, string> { ["MAKE"] = make, ["colour"] = colour };
                var found = table.RowsMatching(filters)!.Select(row => table.StoredAt(row).Id).Order(StringComparer.Ordinal);
                var wanted = expected
                    .Where(e => e.Value.Any(p => p.Key.Equals("make", StringComparison.OrdinalIgnoreCase) && p.Value == make) && e.Value["colour"] == colour)
                    .Select(e => e.Key)
                    .Order(StringComparer.Ordinal);
                Assert.Equal(wanted, found);
            }
        }
    }

    [Fact]
    public void RowsKeepTheirOwnVectorsAfterRowsMove()
    {
        var vectors = new TestVectors(64, seed: 13);
        var table = new DocumentTable(64);
        var documents = Enumerable.Range(0, 50).Select(i => ContractDocuments.Create($"v/{i}", vectors.NextUnit())).ToList();
        documents.ForEach(d => table.Apply(LogRecord.Upsert(d)));

        foreach (var victim in documents.Where((_, i) => i % 3 == 0))
        {
            table.Apply(LogRecord.Delete(victim.Id));
        }

        foreach (var document in documents.Where((_, i) => i % 3 != 0))
        {
            var read = table.Get(document.Id);
            Assert.NotNull(read);
            Assert.Equal(document.Embedding, read.Embedding);
            Assert.Equal(document.Embedding, table.Vectors.Vector(table.RowOf(document.Id)).ToArray());
        }
    }
}
