using CarSearch.Core.Index;

namespace CarSearch.Tests;

/// <summary>The real index, except that writing a document whose name matches fails as an outage would, every time.</summary>
public sealed class FailingUpsertIndex(IVectorIndex inner, Func<string, bool> fails) : IVectorIndex
{
    public string Kind => inner.Kind;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task UpsertAsync(ImageDocument document, CancellationToken cancellationToken = default) =>
        fails(document.Name)
            ? throw new IOException($"Simulated outage of the index while writing '{document.Name}'.")
            : inner.UpsertAsync(document, cancellationToken);

    public Task<ImageDocument?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public IAsyncEnumerable<IndexEntry> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public Task<IReadOnlyList<ImageDocument>> ListDuplicatesAsync(
        IReadOnlyCollection<string> representativeIds, CancellationToken cancellationToken = default) =>
        inner.ListDuplicatesAsync(representativeIds, cancellationToken);

    public Task<SearchPage> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default) => inner.SearchAsync(query, cancellationToken);
}
