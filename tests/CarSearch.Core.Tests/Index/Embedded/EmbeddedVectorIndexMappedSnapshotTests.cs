using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>
/// An index reopened from its snapshot reads the embeddings of its whole vector blocks from the mapped file: it
/// answers as before the reopen, later writes land in their rows and never in the file, and the next compaction
/// moves every row to memory of its own before it replaces the file, while searches go on.
/// </summary>
public sealed class EmbeddedVectorIndexMappedSnapshotTests : IDisposable
{
    /// <summary>Two whole blocks, mapped, and a last one copied.</summary>
    private const int Count = (2 * VectorRows.RowsPerBlock) + 100;

    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    private readonly IndexDirectory _directory = new();
    private readonly TestVectors _vectors = new(512, seed: 17);
    private readonly Dictionary<string, ImageDocument> _expected = new(StringComparer.Ordinal);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AReopenedIndexAnswersAsBeforeAndKeepsEveryWriteThroughTheCompactionThatUnmapsIt()
    {
        var queries = Enumerable.Range(0, 4).Select(_ => _vectors.NextUnit()).ToList();
        List<(string Id, double Score)[]> before;
        var first = Documents("first", Count);
        await using (var index = await _directory.OpenAsync())
        {
            await UpsertAsync(index, first);
            await index.CompactAsync().WaitAsync(Guard);
            before = await SearchAllAsync(index, queries);
        }

        var snapshot = await File.ReadAllBytesAsync(_directory.SnapshotFile);
        await using (var reopened = await _directory.OpenAsync())
        {
            Assert.Equal(before, await SearchAllAsync(reopened, queries));

            // A row of the first block replaced, one of the second deleted (the last row moves into its place), rows added.
            var replaced = first[5] with { Name = "replaced", Embedding = _vectors.NextUnit() };
            await UpsertAsync(reopened, [replaced]);
            Assert.True(await reopened.DeleteAsync(first[9000].Id).WaitAsync(Guard));
            _expected.Remove(first[9000].Id);
            await UpsertAsync(reopened, Documents("later", 50));

            await IndexAssert.HoldsExactlyAsync(reopened, _expected.Values);
            Assert.Equal(replaced.Id, (await TopAsync(reopened, replaced.Embedding)).Id);
            var snapshotNow = await File.ReadAllBytesAsync(_directory.SnapshotFile);
            Assert.True(snapshot.SequenceEqual(snapshotNow), "A write reached the mapped snapshot.");

            using var stop = new CancellationTokenSource();
            var searching = Task.Run(async () =>
            {
                var scans = 0;
                while (!stop.IsCancellationRequested)
                {
                    Assert.Equal(replaced.Id, (await TopAsync(reopened, replaced.Embedding)).Id);
                    scans++;
                }

                return scans;
            });
            await reopened.CompactAsync().WaitAsync(Guard);
            await stop.CancelAsync();
            Assert.True(await searching.WaitAsync(Guard) > 0);

            await IndexAssert.HoldsExactlyAsync(reopened, _expected.Values);
            Assert.Equal(replaced.Id, (await TopAsync(reopened, replaced.Embedding)).Id);
        }

        await using var again = await _directory.OpenAsync();
        await IndexAssert.HoldsExactlyAsync(again, _expected.Values);
    }

    private static async Task<List<(string Id, double Score)[]>> SearchAllAsync(EmbeddedVectorIndex index, List<float[]> queries)
    {
        var pages = await Task.WhenAll(queries.Select(query => index.SearchAsync(new VectorQuery(query, Top: 10))));
        return [.. pages.Select(page => page.Hits.Select(hit => (hit.Id, hit.Score)).ToArray())];
    }

    private static async Task<SearchHit> TopAsync(EmbeddedVectorIndex index, float[] query) =>
        (await index.SearchAsync(new VectorQuery(query, Top: 1))).Hits[0];

    private async Task UpsertAsync(EmbeddedVectorIndex index, List<ImageDocument> documents)
    {
        await Task.WhenAll(documents.Select(d => index.UpsertAsync(d))).WaitAsync(Guard);
        documents.ForEach(d => _expected[d.Id] = d);
    }

    private List<ImageDocument> Documents(string prefix, int count) =>
        Enumerable.Range(0, count)
            .Select(i => ContractDocuments.Create($"{prefix}/{i}.jpg", _vectors.NextUnit(), new Dictionary<string, string> { ["i"] = $"{i}" }))
            .ToList();
}
