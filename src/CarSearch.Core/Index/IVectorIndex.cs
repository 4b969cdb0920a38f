namespace CarSearch.Core.Index;

/// <summary>
/// The store of indexed images and their embeddings. Two implementations pass one contract suite: the embedded
/// on-disk index (default, nothing to install) and Azure Cosmos DB for NoSQL with a vector index.
/// </summary>
public interface IVectorIndex
{
    /// <summary>"local" or "cosmos", reported by the health endpoint.</summary>
    string Kind { get; }

    /// <summary>Creates what the store needs (folders, database, container) where it is configured to.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the document with the same id.</summary>
    Task UpsertAsync(ImageDocument document, CancellationToken cancellationToken = default);

    Task<ImageDocument?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Removes the document; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every document's id, source version and model, in no particular order and without embeddings: what
    /// reconciliation compares with the container, and what re-index needs to find documents of another model.
    /// </summary>
    IAsyncEnumerable<IndexEntry> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The documents whose <see cref="ImageDocument.DuplicateOf"/> is one of <paramref name="representativeIds"/> (at
    /// most <see cref="VectorQuery.MaxTop"/>), with their embeddings, in no particular order: the rest of those
    /// near-duplicate groups. The representatives themselves are not listed (read them by id).
    /// </summary>
    Task<IReadOnlyList<ImageDocument>> ListDuplicatesAsync(
        IReadOnlyCollection<string> representativeIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The best <see cref="VectorQuery.Top"/> documents by cosine similarity to the query vector, in
    /// <see cref="SearchOrder"/> (score descending, then id ascending); with a continuation token, the best strictly
    /// after the result the previous page ended with (<see cref="ContinuationKey"/>). Whatever is added or removed
    /// between pages, a page sequence returns no id twice and every document present for the whole sequence exactly
    /// once; a document added during it appears only if it ranks after the last result already returned.
    /// </summary>
    Task<SearchPage> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default);
}
