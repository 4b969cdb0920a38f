using System.IO.Hashing;
using CarSearch.Api.Http;
using CarSearch.Api.Model;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Core.Ingest.Reindex;
using CarSearch.Core.Search;
using CarSearch.Core.Storage;
using CarSearch.Core.Thumbnails;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CarSearch.Api;

/// <summary>
/// The HTTP API: the route table, then one handler per route. Handlers take the <see cref="HttpRequest"/> and do their
/// own parsing and validation, so the Functions app calls the very same methods from its triggers and answers every
/// request, and every error, exactly as the local host does.
/// </summary>
public static class CarSearchApi
{
    /// <summary>How long the health check waits for the index before it reports it unavailable.</summary>
    public static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long the health check waits for storage: it must answer within a second even while storage hangs.</summary>
    public static readonly TimeSpan StorageCheckWait = TimeSpan.FromMilliseconds(700);

    /// <summary>Maps every route under <c>/api</c> (the local host; the Functions app maps each with a trigger).</summary>
    public static IEndpointRouteBuilder MapCarSearchApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/" + ApiRoutes.Prefix);

        // Search
        api.MapGet(ApiRoutes.Search, SearchByText)
            .WithName(nameof(SearchByText))
            .WithSummary("Search images by text")
            .WithDescription("Images whose CLIP embedding is nearest to the text q, best first. not=TEXT (weight -0.5) and like=ID (weight 1, the image itself left out) add terms of a composed query, both repeatable; q may be left out when like is given. top (1-100, default 10) sets the page size, minScore (-1 to 1) drops results scoring below it, collapse=true shows one image per near-duplicate group (its best-scoring member), continuationToken continues a previous page, and every other query parameter is a metadata equality filter, e.g. make=Tesla.")
            .WithTags("Search")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost(ApiRoutes.Search, SearchComposed)
            .WithName(nameof(SearchComposed))
            .WithSummary("Search with a composed query")
            .WithDescription("Images nearest to the weighted sum of the terms' normalised embeddings (normalised), best first; imageId terms' own images are left out. Body: {\"terms\": [{\"text\": ...}, {\"imageId\": ..., \"weight\": 0.5}, {\"image\": \"BASE64\"}], \"top\": 10, \"filters\": {\"make\": \"Tesla\"}, \"minScore\": 0.2, \"collapse\": true, \"continuationToken\": ...}; or multipart/form-data with that JSON in the field \"query\" and photos in other fields, referenced as {\"imagePart\": \"FIELD\"}. Up to 8 terms; weight defaults to 1, may be negative, not all 0.")
            .WithTags("Search")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapPost(ApiRoutes.SearchByImage, SearchByImage)
            .WithName(nameof(SearchByImage))
            .WithSummary("Search images by photo")
            .WithDescription("Images nearest to the uploaded photo: the raw request body (any Content-Type) or the multipart/form-data field \"image\". Same top, minScore, collapse, continuationToken and filters as the text search.")
            .WithTags("Search")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet(ApiRoutes.SimilarImages, FindSimilar)
            .WithName(nameof(FindSimilar))
            .WithSummary("More like this one")
            .WithDescription("Images nearest to an indexed image, leaving that image out. Same top, minScore, collapse, continuationToken and filters as the text search.")
            .WithTags("Search")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Images
        api.MapGet(ApiRoutes.Image, GetImage)
            .WithName(nameof(GetImage))
            .WithSummary("Get an indexed image's metadata")
            .WithDescription("The indexed document without its embedding, with links to its bytes and to similar images.")
            .WithTags("Images")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(ApiRoutes.ImageContent, GetImageContent)
            .WithName(nameof(GetImageContent))
            .WithSummary("Get an indexed image's bytes")
            .WithDescription("The image file as stored, with its content type, an ETag and Last-Modified for conditional requests.")
            .WithTags("Images")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(ApiRoutes.ImageThumbnail, GetImageThumbnail)
            .WithName(nameof(GetImageThumbnail))
            .WithSummary("Get an indexed image's thumbnail")
            .WithDescription("A JPEG of the image with its longest side at most 384 px (never enlarged), with an ETag for conditional requests. Made at ingest; made on first request for an image indexed before thumbnails were kept.")
            .WithTags("Images")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet(ApiRoutes.ImageDuplicates, GetImageDuplicates)
            .WithName(nameof(GetImageDuplicates))
            .WithSummary("Get an indexed image's near-duplicates")
            .WithDescription("The image's near-duplicate group (images whose embeddings have a cosine of at least CarSearch:Ingest:DuplicateThreshold, 0.98 by default, marked at ingest): the representative's id and every member, the image included, as search results scored by their cosine to the image.")
            .WithTags("Images")
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Ingest
        api.MapGet(ApiRoutes.IngestStatus, GetIngestStatus)
            .WithName(nameof(GetIngestStatus))
            .WithSummary("Ingest status")
            .WithDescription("Indexed, failed and pending counts, the most recent failures with their reasons, and the progress of a re-index.")
            .WithTags("Ingest");
        api.MapPost(ApiRoutes.Reindex, StartReindex)
            .WithName(nameof(StartReindex))
            .WithSummary("Re-index")
            .WithDescription("Starts re-embedding, in the background, every image made by another model than the current one (every image with force=true) and answers 202 with its progress; the ingest status follows it. Answers only requests from the machine itself.")
            .WithTags("Admin")
            .AddEndpointFilter(LoopbackOnly)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost(ApiRoutes.LocalReindexAlias, StartReindex)
            .WithName(nameof(StartReindex) + "Alias")
            .AddEndpointFilter(LoopbackOnly)
            .ExcludeFromDescription();

        // Operations
        api.MapGet(ApiRoutes.ScoreStats, GetScoreStats)
            .WithName(nameof(GetScoreStats))
            .WithSummary("Score calibration")
            .WithDescription("Searches the collection with a fixed set of queries unrelated to cars and reports percentiles of each one's best score, and a suggested minScore (the 90th percentile, rounded up): what a relevance cut-off must beat for this model and collection.")
            .WithTags("Operations");
        api.MapGet(ApiRoutes.Health, GetHealth)
            .WithName(nameof(GetHealth))
            .WithSummary("Health")
            .WithDescription("The model id, the index kind and its document count; 503 when the index cannot be reached.")
            .WithTags("Operations")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    public static Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchByText(
        HttpRequest request, SearchService search, CancellationToken cancellationToken) =>
        // Without not or like it stays a plain text search: the same vector, and so the same continuation tokens, as
        // before composed queries existed.
        AnswerSearchAsync(request, () =>
        {
            var parameters = SearchQueryString.Parameters(request.Query);
            return SearchQueryString.Terms(request.Query) is { } composed
                ? composed.SearchAsync(search, parameters, cancellationToken)
                : search.SearchByTextAsync(SearchQueryString.Text(request.Query), parameters, cancellationToken);
        });

    public static Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchComposed(
        HttpRequest request, SearchService search, IOptions<ApiOptions> options, CancellationToken cancellationToken) =>
        AnswerSearchAsync(request, async () =>
        {
            var (terms, parameters) = await ComposedQueryReader.ReadAsync(request, options.Value.MaxUploadBytes, cancellationToken);
            return await terms.SearchAsync(search, parameters, cancellationToken);
        });

    public static Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchByImage(
        HttpRequest request, SearchService search, IOptions<ApiOptions> options, CancellationToken cancellationToken) =>
        AnswerSearchAsync(request, async () =>
        {
            // The query string is read before the body, so a bad top is answered without reading a large upload.
            var parameters = SearchQueryString.Parameters(request.Query);
            return await search.SearchByImageAsync(
                await ImageUploadReader.ReadAsync(request, options.Value.MaxUploadBytes, cancellationToken),
                parameters,
                cancellationToken);
        });

    public static Task<Results<Ok<SearchResponse>, ProblemHttpResult>> FindSimilar(
        HttpRequest request, string id, SearchService search, CancellationToken cancellationToken) =>
        AnswerSearchAsync(request, () => search.FindSimilarAsync(id, SearchQueryString.Parameters(request.Query), cancellationToken));

    public static async Task<Ok<ScoreCalibration>> GetScoreStats(ScoreCalibrator calibrator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await calibrator.CalibrateAsync(cancellationToken));

    public static async Task<Results<Ok<ImageResponse>, ProblemHttpResult>> GetImage(
        HttpRequest request, string id, SearchService search, CancellationToken cancellationToken)
    {
        var document = await search.GetAsync(id, cancellationToken);
        return document is null ? ApiProblems.ImageNotFound(id) : TypedResults.Ok(ImageResponse.From(document, request));
    }

    public static async Task<Results<Ok<DuplicatesResponse>, ProblemHttpResult>> GetImageDuplicates(
        HttpRequest request, string id, SearchService search, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(DuplicatesResponse.From(id, await search.FindDuplicatesAsync(id, cancellationToken), request));
        }
        catch (ImageNotFoundException)
        {
            return ApiProblems.ImageNotFound(id);
        }
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetImageContent(
        HttpRequest request, string id, SearchService search, IImageStore store, CancellationToken cancellationToken)
    {
        var document = await search.GetAsync(id, cancellationToken);
        if (document is null)
        {
            return ApiProblems.ImageNotFound(id);
        }

        StoredImage? image;
        try
        {
            image = await store.GetAsync(document.Name, cancellationToken);
        }
        catch (StorageUnavailableException unavailable)
        {
            return ApiProblems.StorageUnavailable(request.HttpContext.Response, unavailable);
        }

        if (image is null)
        {
            return ApiProblems.ImageFileMissing(id, document.Name);
        }

        // The same id can be re-uploaded with other bytes: let clients keep a copy but check it each time (a 304
        // costs no body). The ETag hashes the bytes served, which may be newer than the indexed content hash.
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        var entityTag = new EntityTagHeaderValue($"\"{XxHash3.HashToUInt64(image.Content.Span):x16}\"");

        // The type is named from the bytes served, not from the stored Content-Type: an uploader may have set any type
        // on the blob (text/html would turn an image link into a page that runs script), and the bytes may have been
        // replaced since they were indexed. The indexed format is the fallback.
        var format = ImageFormats.Detect(image.Content.Span) ?? ImageFormats.Named(document.Format);
        return TypedResults.Bytes(
            image.Content,
            format?.ContentType ?? ImageFormats.UnknownContentType,
            lastModified: image.LastModified,
            entityTag: entityTag,
            enableRangeProcessing: true);
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetImageThumbnail(
        HttpRequest request, string id, SearchService search, ThumbnailService thumbnails, CancellationToken cancellationToken)
    {
        var document = await search.GetAsync(id, cancellationToken);
        if (document is null)
        {
            return ApiProblems.ImageNotFound(id);
        }

        // Revalidated each time like the content (the id may be re-uploaded), but the ETag comes from the index, so a
        // page revisit's 304s cost no storage call at all.
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        var current = new EntityTagHeaderValue(ThumbnailService.EntityTagOf(document.ContentHash));
        if (IsCurrent(request, current))
        {
            headers.ETag = current.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        StoredThumbnail? thumbnail;
        try
        {
            thumbnail = await thumbnails.GetAsync(document, cancellationToken);
        }
        catch (ImageRejectedException rejected)
        {
            return ApiProblems.ThumbnailUnavailable(id, rejected);
        }
        catch (StorageUnavailableException unavailable)
        {
            return ApiProblems.StorageUnavailable(request.HttpContext.Response, unavailable);
        }

        return thumbnail is null
            ? ApiProblems.ImageFileMissing(id, document.Name)
            : TypedResults.Bytes(
                thumbnail.Content,
                ImageThumbnail.ContentType,
                entityTag: new EntityTagHeaderValue(ThumbnailService.EntityTagOf(thumbnail.SourceHash)));
    }

    public static async Task<Ok<IngestStatus>> GetIngestStatus(
        IIngestStatusReader reader, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reader.GetStatusAsync(cancellationToken));

    public static async Task<Results<Accepted<ReindexProgress>, ProblemHttpResult>> StartReindex(
        HttpRequest request, IReindexScheduler scheduler, CancellationToken cancellationToken)
    {
        try
        {
            var progress = await scheduler.StartAsync(SearchQueryString.Force(request.Query), cancellationToken);
            return TypedResults.Accepted(ApiLinks.To(request, ApiRoutes.IngestStatus), progress);
        }
        catch (QueryStringException invalid)
        {
            return ApiProblems.For(invalid);
        }
    }

    public static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> GetHealth(
        IClipEmbedder embedder,
        IVectorIndex index,
        StorageAvailability storage,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HealthTimeout);
        try
        {
            var documents = await index.CountAsync(timeout.Token);
            var storageState = StorageStatus.From(
                await storage.CheckAsync(StorageAvailability.ReportMaxAge, StorageCheckWait, cancellationToken));
            return TypedResults.Ok(new HealthResponse(
                storageState.State == StorageStatus.Unreachable ? HealthResponse.Degraded : HealthResponse.Ok,
                embedder.ModelId,
                index.Kind,
                documents,
                storageState));
        }
        catch (Exception unreachable) when (!cancellationToken.IsCancellationRequested && unreachable is not OutOfMemoryException)
        {
            // Any failure of the index (timeout, network, authentication) means searches fail: say so, log the cause.
            loggerFactory.CreateLogger(typeof(CarSearchApi)).IndexUnreachable(unreachable, index.Kind);
            return ApiProblems.IndexUnavailable(index.Kind);
        }
    }

    /// <summary>
    /// The local host's manage routes answer only its own machine: it has no keys, so where it is reached from is the
    /// check (the Functions app guards the same routes with its master key instead). Kestrel listens on 127.0.0.1
    /// anyway; this keeps the rule if it is ever bound wider. A request without a remote address is refused.
    /// </summary>
    private static async ValueTask<object?> LoopbackOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        return http.Connection.RemoteIpAddress is { } remote && System.Net.IPAddress.IsLoopback(remote)
            ? await next(context)
            : ApiProblems.NotFromLoopback(http.Request.Path);
    }

    /// <summary>Whether the request's <c>If-None-Match</c> names <paramref name="current"/> (or is <c>*</c>), compared weakly as RFC 9110 says.</summary>
    private static bool IsCurrent(HttpRequest request, EntityTagHeaderValue current) =>
        request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } tags &&
        tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));

    /// <summary>Runs a search and answers its page; the caller's errors become problems.</summary>
    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> AnswerSearchAsync(
        HttpRequest request, Func<Task<SearchPage>> search)
    {
        try
        {
            var page = await search();
            if (page.Timing is { } timing)
            {
                request.HttpContext.Response.Headers[ServerTimingHeader.Name] = ServerTimingHeader.Format(timing);
            }

            return TypedResults.Ok(SearchResponse.From(page, request));
        }
        catch (Exception error) when (ApiProblems.IsClientError(error))
        {
            return ApiProblems.For(error);
        }
    }
}
