using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Search;

/// <summary>
/// Answers searches: by text, by photo, and "more like this one", each a top-k cosine query over the index in the
/// embedder's space, with metadata filters and paging. Every rule a search request must follow is checked here, so
/// each host refuses the same requests; an <see cref="InvalidSearchException"/> says which rule, and the host words it.
/// </summary>
public sealed class SearchService : IDisposable
{
    /// <summary>
    /// Longest search text accepted. The tokenizer normalises the whole text before it truncates to 77 tokens, so an
    /// unbounded text would cost time for nothing; 1,000 characters is far beyond any 77-token query.
    /// </summary>
    public const int MaxTextLength = 1000;

    private readonly IClipEmbedder _embedder;
    private readonly IVectorIndex _index;
    private readonly SemaphoreSlim _imageSearches;

    public SearchService(IClipEmbedder embedder, IVectorIndex index, IOptions<SearchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(options);
        _embedder = embedder;
        _index = index;
        var concurrency = options.Value.MaxConcurrentImageSearches;
        _imageSearches = new SemaphoreSlim(concurrency, concurrency);
    }

    /// <summary>Images whose embedding is nearest to the text's.</summary>
    /// <exception cref="InvalidSearchException">The text is empty or too long, or a parameter is invalid.</exception>
    public Task<SearchPage> SearchByTextAsync(
        string? text, SearchParameters parameters, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw InvalidSearchException.EmptyText();
        }

        if (text.Length > MaxTextLength)
        {
            throw InvalidSearchException.TextTooLong(text.Length);
        }

        Validate(parameters);
        cancellationToken.ThrowIfCancellationRequested();
        var vector = _embedder.EmbedTexts([text])[0];
        return SearchAsync(vector, parameters, excludeId: null, cancellationToken);
    }

    /// <summary>Images whose embedding is nearest to the uploaded photo's.</summary>
    /// <exception cref="Embeddings.Images.ImageRejectedException">The upload is not an image we can read.</exception>
    /// <exception cref="InvalidSearchException">A parameter is invalid.</exception>
    public async Task<SearchPage> SearchByImageAsync(
        ReadOnlyMemory<byte> image, SearchParameters parameters, CancellationToken cancellationToken = default)
    {
        Validate(parameters);
        float[] vector;
        await _imageSearches.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            vector = _embedder.EmbedImages([image])[0];
        }
        finally
        {
            _imageSearches.Release();
        }

        return await SearchAsync(vector, parameters, excludeId: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Images nearest to an indexed one, leaving that one out ("more like this one").</summary>
    /// <exception cref="ImageNotFoundException">No indexed image has the id.</exception>
    /// <exception cref="InvalidSearchException">A parameter is invalid.</exception>
    public async Task<SearchPage> FindSimilarAsync(
        string id, SearchParameters parameters, CancellationToken cancellationToken = default)
    {
        Validate(parameters);
        var document = await GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new ImageNotFoundException(id);
        return await SearchAsync(document.Embedding, parameters, document.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The indexed image with the id; null when there is none.</summary>
    public Task<ImageDocument?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        DocumentId.IsWellFormed(id) ? _index.GetAsync(id, cancellationToken) : Task.FromResult<ImageDocument?>(null);

    public void Dispose() => _imageSearches.Dispose();

    private Task<SearchPage> SearchAsync(
        float[] vector, SearchParameters parameters, string? excludeId, CancellationToken cancellationToken)
    {
        var query = new VectorQuery(vector, parameters.Top, parameters.Filters, excludeId, parameters.ContinuationToken);
        try
        {
            // Checked before the index runs, so a stale or foreign token is the caller's error (400), whichever
            // index answers; both read tokens the same way.
            SearchContinuation.Read(query);
        }
        catch (ArgumentException)
        {
            throw InvalidSearchException.ForeignContinuationToken();
        }

        return _index.SearchAsync(query, cancellationToken);
    }

    private static void Validate(SearchParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Top is < 1 or > VectorQuery.MaxTop)
        {
            throw InvalidSearchException.TopOutOfRange(parameters.Top);
        }

        if (parameters.ContinuationToken is { Length: 0 or > SearchParameters.MaxContinuationTokenLength })
        {
            throw InvalidSearchException.UnknownContinuationToken();
        }

        if (parameters.Filters is not { } filters)
        {
            return;
        }

        if (filters.Count > SearchParameters.MaxFilters)
        {
            throw InvalidSearchException.TooManyFilters(filters.Count);
        }

        foreach (var (name, value) in filters)
        {
            if (!IsMetadataName(name))
            {
                throw InvalidSearchException.InvalidFilterName(name);
            }

            if (string.IsNullOrEmpty(value) || value.Length > SearchParameters.MaxFilterValueLength)
            {
                throw InvalidSearchException.InvalidFilterValue(name);
            }
        }
    }

    private static bool IsMetadataName(string name) =>
        name.Length is > 0 and <= SearchParameters.MaxFilterNameLength
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
