using System.Net;
using System.Runtime.CompilerServices;
using CarSearch.Core.Index;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace CarSearch.Cosmos;

/// <summary>
/// <see cref="IVectorIndex"/> on an Azure Cosmos DB for NoSQL container with a vector index on <c>/embedding</c>.
/// A page of search results is one parameterised <c>ORDER BY VectorDistance</c> query (rarely more, see
/// <see cref="SearchAsync"/>); the score is the cosine similarity.
/// </summary>
public sealed class CosmosVectorIndex : IVectorIndex
{
    /// <summary>
    /// Rows asked for beyond the page and the one that says whether another follows: they absorb a few documents
    /// inserted above the key between pages, and a small tie group at the last row, without a second query, and cost
    /// little next to the ranking itself.
    /// </summary>
    internal const int PageSlack = 5;

    private readonly CosmosClient _client;
    private readonly IndexOptions _options;
    private readonly Container _container;
    private readonly string _target;

    public CosmosVectorIndex(CosmosClient client, IOptions<IndexOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options.Value;
        var cosmos = _options.Cosmos;
        _container = client.GetContainer(cosmos.Database, cosmos.Container);
        _target = $"container '{cosmos.Container}' of database '{cosmos.Database}'";
    }

    public string Kind => IndexOptions.CosmosKind;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var cosmos = _options.Cosmos;
        ContainerProperties properties;
        try
        {
            if (cosmos.CreateIfNotExists)
            {
                await _client.CreateDatabaseIfNotExistsAsync(cosmos.Database, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                var wanted = CosmosContainerPolicy.Build(cosmos.Container, _options.Dimensions, cosmos.VectorIndexType);
                properties = (await _client.GetDatabase(cosmos.Database)
                    .CreateContainerIfNotExistsAsync(wanted, cancellationToken: cancellationToken)
                    .ConfigureAwait(false)).Resource;
            }
            else
            {
                properties = (await _container.ReadContainerAsync(cancellationToken: cancellationToken)
                    .ConfigureAwait(false)).Resource;
            }
        }
        catch (CosmosException e)
        {
            throw CosmosIndexException.From(cosmos.CreateIfNotExists ? "creation" : "read", _target, e);
        }

        // CreateContainerIfNotExists returns an existing container as it is, so this check runs on both paths.
        var mismatch = CosmosContainerPolicy.FindMismatch(properties, _options.Dimensions);
        if (mismatch is not null)
        {
            throw new CosmosContainerMismatchException(_target, mismatch);
        }
    }

    public async Task UpsertAsync(ImageDocument document, CancellationToken cancellationToken = default)
    {
        IndexArguments.ThrowIfInvalid(document, _options.Dimensions);

        var item = CosmosDocumentMapping.ToItem(document);
        try
        {
            await _container.UpsertItemAsync(item, new PartitionKey(document.Id), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (CosmosException e)
        {
            throw CosmosIndexException.From($"upsert of document '{document.Id}'", _target, e);
        }
    }

    public async Task<ImageDocument?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        try
        {
            var response = await _container.ReadItemAsync<ImageDocument>(id, new PartitionKey(id), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return CosmosDocumentMapping.FromItem(response.Resource);
        }
        catch (CosmosException e) when (IsMissingItem(e))
        {
            return null;
        }
        catch (CosmosException e)
        {
            throw CosmosIndexException.From($"read of document '{id}'", _target, e);
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        try
        {
            await _container.DeleteItemAsync<ImageDocument>(id, new PartitionKey(id), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (CosmosException e) when (IsMissingItem(e))
        {
            return false;
        }
        catch (CosmosException e)
        {
            throw CosmosIndexException.From($"delete of document '{id}'", _target, e);
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        long count = 0;
        await foreach (var partial in QueryAsync<long>(new QueryDefinition("SELECT VALUE COUNT(1) FROM c"), "count", cancellationToken)
                           .ConfigureAwait(false))
        {
            count += partial;
        }

        return count;
    }

    public IAsyncEnumerable<IndexEntry> ListAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<IndexEntry>(new QueryDefinition("SELECT c.id, c.name, c.sourceVersion, c.modelId, c.facetVersion FROM c"), "listing", cancellationToken);

    /// <summary>One cross-partition query; the ids travel as one array parameter, so its text never changes.</summary>
    public async Task<IReadOnlyList<ImageDocument>> ListDuplicatesAsync(
        IReadOnlyCollection<string> representativeIds, CancellationToken cancellationToken = default)
    {
        IndexArguments.ThrowIfInvalid(representativeIds);
        var documents = new List<ImageDocument>();
        if (representativeIds.Count == 0)
        {
            return documents;
        }

        var query = new QueryDefinition("SELECT VALUE c FROM c WHERE ARRAY_CONTAINS(@groups, c.duplicateOf)")
            .WithParameter("@groups", representativeIds.Distinct(StringComparer.Ordinal).ToArray());
        await foreach (var document in QueryAsync<ImageDocument>(query, "listing of duplicates", cancellationToken).ConfigureAwait(false))
        {
            documents.Add(CosmosDocumentMapping.FromItem(document));
        }

        return documents;
    }

    /// <summary>
    /// The best <see cref="VectorQuery.Top"/> documents after the token's key (see <see cref="ContinuationKey"/>), in
    /// <see cref="SearchOrder"/>. A vector query cannot resume, so each page asks for the best
    /// rank + Top + 1 + <see cref="PageSlack"/> rows and drops those up to the key: one query, unless documents were
    /// inserted above the key or a tie group reaches the last row; then it asks again for twice as many rows, up to
    /// <see cref="SearchContinuation.MaxResultDepth"/> beyond which the sequence ends. The cut-off
    /// (<see cref="VectorQuery.MinScore"/>) is applied to the rows returned rather than in the query, so the query text and
    /// its plan are the same with or without one; the few rows below it a page fetches cost little next to the ranking.
    /// </summary>
    public async Task<SearchPage> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
    {
        IndexArguments.ThrowIfInvalid(query, _options.Dimensions);
        var after = SearchContinuation.Read(query);
        var rank = after?.Rank ?? 0;
        var mostRows = SearchContinuation.MaxResultDepth + query.Top + 1 + PageSlack;
        var rows = rank + query.Top + 1 + PageSlack;
        while (true)
        {
            var best = new List<SearchHit>(rows);
            await foreach (var row in QueryAsync<SearchRow>(CosmosSearchQuery.Build(query, rows), "vector search", cancellationToken)
                               .ConfigureAwait(false))
            {
                best.Add(new SearchHit(row.Id, row.Name, row.Score, CosmosDocumentMapping.CaseInsensitive(row.Metadata), row.DuplicateOf));
            }

            // Dropping rows below the cut-off before the cut leaves fewer rows than asked for exactly when every
            // document at or above it is among them, which is what the cut then assumes: no further query is needed.
            best.RemoveAll(hit => !query.Admits(hit.Score));
            var page = CosmosKeysetPage.Take(best, rows, after, query.Top);
            if (page.Settled || rows == mostRows)
            {
                var token = page.Settled && page.HasMore
                    ? SearchContinuation.Create(query, page.Hits[^1], rank + page.Hits.Count)
                    : null;
                return new SearchPage(page.Hits, token);
            }

            rows = Math.Min(2 * rows, mostRows);
        }
    }

    private async IAsyncEnumerable<T> QueryAsync<T>(
        QueryDefinition definition,
        string operation,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var iterator = _container.GetItemQueryIterator<T>(definition);
        while (iterator.HasMoreResults)
        {
            FeedResponse<T> page;
            try
            {
                page = await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CosmosException e)
            {
                throw CosmosIndexException.From(operation, _target, e);
            }

            foreach (var item in page)
            {
                yield return item;
            }
        }
    }

    // Sub-status 0 is a missing item; others (e.g. 1003) mean the container or database is missing, a real error.
    private static bool IsMissingItem(CosmosException e) => e.StatusCode == HttpStatusCode.NotFound && e.SubStatusCode == 0;

    private sealed record SearchRow(
        string Id, string Name, IReadOnlyDictionary<string, string>? Metadata, double Score, string? DuplicateOf = null);
}
