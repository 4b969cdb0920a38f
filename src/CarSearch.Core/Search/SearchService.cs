using System.Diagnostics;
using CarSearch.Core.Duplicates;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Search;

/// <summary>
/// Answers searches: by text, by photo, "more like this one", and composed queries mixing them with weights, each a
/// top-k cosine query over the index in the embedder's space, with metadata filters, paging and a relevance cut-off. Every rule a search request must follow is checked here, so
/// each host refuses the same requests; an <see cref="InvalidSearchException"/> says which rule, and the host words it.
/// </summary>
public sealed class SearchService : IDisposable
{
    /// <summary>
    /// Longest search text accepted. The tokenizer normalises the whole text before it truncates to 77 tokens, so an
    /// unbounded text would cost time for nothing; 1,000 characters is far beyond any 77-token query.
    /// </summary>
    public const int MaxTextLength = 1000;

    /// <summary>
    /// Most terms a composed query may have: enough for "like these two, but red, not a convertible", few enough that
    /// one request cannot queue many photo decodes.
    /// </summary>
    public const int MaxTerms = 8;

    /// <summary>Largest weight (either sign) a term may have; only the ratios matter, so this loses nothing.</summary>
    public const float MaxWeight = 100f;

    private readonly IClipEmbedder _embedder;
    private readonly IVectorIndex _index;
    private readonly SemaphoreSlim _imageSearches;
    private readonly TextQueryEmbedder _texts;
    private readonly double? _defaultMinScore;

    public SearchService(IClipEmbedder embedder, IVectorIndex index, IOptions<SearchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(options);
        _embedder = embedder;
        _index = index;
        var concurrency = options.Value.MaxConcurrentImageSearches;
        _imageSearches = new SemaphoreSlim(concurrency, concurrency);
        _defaultMinScore = options.Value.DefaultMinScore;
        _texts = new TextQueryEmbedder(embedder, options.Value.TextEmbeddingCacheSize);
    }

    /// <summary>Images whose embedding is nearest to the text's.</summary>
    /// <exception cref="InvalidSearchException">The text is empty or too long, or a parameter is invalid.</exception>
    public async Task<SearchPage> SearchByTextAsync(
        string? text, SearchParameters parameters, CancellationToken cancellationToken = default)
    {
        ValidateText(text);
        Validate(parameters);
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var vectors = await _texts.EmbedAsync([text!], cancellationToken).ConfigureAwait(false);
        return await SearchAsync(vectors[0], parameters, excludeIds: [], started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Images whose embedding is nearest to the uploaded photo's.</summary>
    /// <exception cref="Embeddings.Images.ImageRejectedException">The upload is not an image we can read.</exception>
    /// <exception cref="InvalidSearchException">A parameter is invalid.</exception>
    public async Task<SearchPage> SearchByImageAsync(
        ReadOnlyMemory<byte> image, SearchParameters parameters, CancellationToken cancellationToken = default)
    {
        Validate(parameters);
        var started = Stopwatch.GetTimestamp();
        var vector = await EmbedPhotoAsync(image, cancellationToken).ConfigureAwait(false);
        return await SearchAsync(vector, parameters, excludeIds: [], started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Images nearest to an indexed one, leaving that one out ("more like this one").</summary>
    /// <exception cref="ImageNotFoundException">No indexed image has the id.</exception>
    /// <exception cref="InvalidSearchException">A parameter is invalid.</exception>
    public async Task<SearchPage> FindSimilarAsync(
        string id, SearchParameters parameters, CancellationToken cancellationToken = default)
    {
        Validate(parameters);
        var started = Stopwatch.GetTimestamp();
        var document = await GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new ImageNotFoundException(id);
        return await SearchAsync(document.Embedding, parameters, [document.Id], started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Images nearest to a composed query (<see cref="QueryVector.Compose"/>): the weighted sum of its terms'
    /// normalised embeddings, normalised; the images its <see cref="QueryTermKind.Image"/> terms name are left out.
    /// </summary>
    /// <exception cref="InvalidSearchException">
    /// No terms or too many, a term's text empty or too long, a weight out of range, every weight 0, terms that cancel
    /// out, or a parameter is invalid; the text and weight reasons carry <see cref="InvalidSearchException.TermIndex"/>.
    /// </exception>
    /// <exception cref="ImageNotFoundException">An image term names no indexed image.</exception>
    /// <exception cref="Embeddings.Images.ImageRejectedException">A photo term is not an image we can read.</exception>
    public async Task<SearchPage> SearchAsync(
        IReadOnlyList<QueryTerm> terms, SearchParameters parameters, CancellationToken cancellationToken = default)
    {
        ValidateTerms(terms);
        Validate(parameters);
        var started = Stopwatch.GetTimestamp();
        var embeddings = new float[terms.Count][];
        var excluded = new List<string>();

        // Cheapest first: a missing image is found before any photo is decoded.
        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i] is { Kind: QueryTermKind.Image, ImageId: { } id })
            {
                var document = await GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new ImageNotFoundException(id);
                embeddings[i] = document.Embedding;
                excluded.Add(document.Id);
            }
        }

        var texts = Enumerable.Range(0, terms.Count).Where(i => terms[i].Kind == QueryTermKind.Text).ToArray();
        if (texts.Length > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var vectors = await _texts.EmbedAsync([.. texts.Select(i => terms[i].Text!)], cancellationToken).ConfigureAwait(false);
            for (var t = 0; t < texts.Length; t++)
            {
                embeddings[texts[t]] = vectors[t];
            }
        }

        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i].Kind == QueryTermKind.Photo)
            {
                // One photo per turn, so a request's photos take one decoding slot at a time like any other upload.
                embeddings[i] = await EmbedPhotoAsync(terms[i].Photo, cancellationToken).ConfigureAwait(false);
            }
        }

        var vector = QueryVector.Compose(embeddings, [.. terms.Select(term => term.Weight)]);
        return await SearchAsync(vector, parameters, excluded, started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The indexed image with the id; null when there is none.</summary>
    public Task<ImageDocument?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        DocumentId.IsWellFormed(id) ? _index.GetAsync(id, cancellationToken) : Task.FromResult<ImageDocument?>(null);

    /// <summary>The near-duplicate group of an indexed image (<see cref="DuplicateRule"/>).</summary>
    /// <exception cref="ImageNotFoundException">No indexed image has the id.</exception>
    public async Task<DuplicateGroup> FindDuplicatesAsync(string id, CancellationToken cancellationToken = default)
    {
        var document = await GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new ImageNotFoundException(id);
        return await DuplicateGroup.ReadAsync(_index, document, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _imageSearches.Dispose();
        _texts.Dispose();
    }

    private async Task<float[]> EmbedPhotoAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
    {
        await _imageSearches.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _embedder.EmbedImages([image])[0];
        }
        finally
        {
            _imageSearches.Release();
        }
    }

    /// <summary>The top-k query for the vector, its page timed: the query's vector was begun at <paramref name="started"/>.</summary>
    private async Task<SearchPage> SearchAsync(
        float[] vector,
        SearchParameters parameters,
        IReadOnlyCollection<string> excludeIds,
        long started,
        CancellationToken cancellationToken)
    {
        var embedded = Stopwatch.GetTimestamp();
        var query = new VectorQuery(
            vector,
            parameters.Top,
            parameters.Filters,
            excludeIds,
            parameters.ContinuationToken,
            parameters.MinScore ?? _defaultMinScore);
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

        var page = await (parameters.Collapse
            ? CollapsedSearch.SearchAsync(_index, query, cancellationToken)
            : _index.SearchAsync(query, cancellationToken)).ConfigureAwait(false);
        return page with { Timing = new SearchTiming(Stopwatch.GetElapsedTime(started, embedded), Stopwatch.GetElapsedTime(embedded)) };
    }

    private static void ValidateText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw InvalidSearchException.EmptyText();
        }

        if (text.Length > MaxTextLength)
        {
            throw InvalidSearchException.TextTooLong(text.Length);
        }
    }

    private static void ValidateTerms(IReadOnlyList<QueryTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0)
        {
            throw InvalidSearchException.NoTerms();
        }

        if (terms.Count > MaxTerms)
        {
            throw InvalidSearchException.TooManyTerms(terms.Count);
        }

        for (var i = 0; i < terms.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(terms[i], nameof(terms));
            if (!float.IsFinite(terms[i].Weight) || Math.Abs(terms[i].Weight) > MaxWeight)
            {
                throw InvalidSearchException.InvalidWeight(i);
            }

            if (terms[i].Kind == QueryTermKind.Text)
            {
                try
                {
                    ValidateText(terms[i].Text);
                }
                catch (InvalidSearchException invalid)
                {
                    throw invalid.InTerm(i);
                }
            }
        }

        if (terms.All(term => term.Weight == 0))
        {
            throw InvalidSearchException.AllWeightsZero();
        }
    }

    private static void Validate(SearchParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Top is < 1 or > VectorQuery.MaxTop)
        {
            throw InvalidSearchException.TopOutOfRange(parameters.Top);
        }

        if (parameters.MinScore is { } minScore && !(minScore is >= -1 and <= 1))
        {
            throw InvalidSearchException.MinScoreOutOfRange();
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
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
