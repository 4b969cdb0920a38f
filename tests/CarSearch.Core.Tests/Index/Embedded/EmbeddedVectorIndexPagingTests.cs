using CarSearch.Core.Index;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>Continuation tokens are tied to their query.</summary>
public sealed class EmbeddedVectorIndexPagingTests : IDisposable
{
    private readonly IndexDirectory _directory = new();
    private readonly TestVectors _vectors = new(512, seed: 31);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ATokenReplayedWithAnotherQueryIsRejected()
    {
        await using var index = await _directory.OpenAsync();
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => index.UpsertAsync(
            ContractDocuments.Create($"p/{i}.jpg", _vectors.NextUnit(), new Dictionary<string, string> { ["make"] = i % 2 == 0 ? "Audi" : "BMW" }))));
        var query = new VectorQuery(_vectors.NextUnit(), Top: 5, Filters: new Dictionary<string, string> { ["make"] = "Audi" });
        var token = (await index.SearchAsync(query)).ContinuationToken;
        Assert.NotNull(token);

        // Same query with the key spelt differently and another page size: still the same query.
        var next = await index.SearchAsync(query with { Top = 2, Filters = new Dictionary<string, string> { ["MAKE"] = "Audi" }, ContinuationToken = token });
        Assert.Single(next.Hits);

        await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(query with { Vector = _vectors.NextUnit(), ContinuationToken = token }));
        await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(query with { Filters = null, ContinuationToken = token }));
        await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(query with { ExcludeIds = ["p_0.jpg"], ContinuationToken = token }));
    }
}
