namespace CarSearch.Api;

/// <summary>
/// Every route of the HTTP API, without the <c>api</c> prefix: <see cref="CarSearchApi.MapCarSearchApi"/> maps them
/// under <see cref="Prefix"/> for the local host, the Functions app writes <see cref="Prefix"/> into each trigger's
/// route. Constants, so attribute arguments (<c>[HttpTrigger(Route = ...)]</c>) can be built from them.
/// </summary>
public static class ApiRoutes
{
    /// <summary>
    /// The path segment every route lives under, in both hosts. The Functions app's host.json has an empty
    /// <c>routePrefix</c> (the search page is at <c>/</c>), so its trigger routes start with this themselves.
    /// </summary>
    public const string Prefix = "api";

    /// <summary>The route parameter naming an indexed image.</summary>
    public const string IdParameter = "id";

    /// <summary>
    /// <c>GET ?q=TEXT&amp;not=TEXT&amp;like=ID&amp;top=K&amp;minScore=S&amp;make=...</c>: text search and its composed
    /// shorthands; <c>POST</c> with a JSON (or multipart) body: a composed query.
    /// </summary>
    public const string Search = "search";

    /// <summary><c>POST ?top=K</c>: search by photo (raw body or multipart field <c>image</c>).</summary>
    public const string SearchByImage = "search/image";

    /// <summary><c>GET</c>: an indexed image's metadata.</summary>
    public const string Image = "images/{" + IdParameter + "}";

    /// <summary><c>GET</c>: an indexed image's bytes.</summary>
    public const string ImageContent = Image + "/content";

    /// <summary><c>GET</c>: an indexed image's thumbnail (JPEG, longest side 384 px).</summary>
    public const string ImageThumbnail = Image + "/thumbnail";

    /// <summary><c>GET ?top=K</c>: images nearest to an indexed one, excluding itself.</summary>
    public const string SimilarImages = Image + "/similar";

    /// <summary><c>GET</c>: an indexed image's near-duplicate group.</summary>
    public const string ImageDuplicates = Image + "/duplicates";

    /// <summary><c>GET</c>: indexed, failed and pending counts, recent failures, re-index progress.</summary>
    public const string IngestStatus = "ingest/status";

    /// <summary>
    /// <c>POST ?force=true</c>: re-embed images made by another model (all with force). Not under <c>admin/</c>: the
    /// Functions host reserves every route starting with "admin" for its own API and refuses to load such a function.
    /// </summary>
    public const string Reindex = "manage/reindex";

    /// <summary>
    /// The spelling of <see cref="Reindex"/>, served by the local host only: the Functions host cannot serve it
    /// (see <see cref="Reindex"/>).
    /// </summary>
    public const string LocalReindexAlias = "admin/reindex";

    /// <summary><c>GET</c>: percentiles of the best scores unrelated queries reach, to choose a <c>minScore</c>.</summary>
    public const string ScoreStats = "stats/scores";

    /// <summary><c>GET</c>: model id, index kind and document count; 503 when the index cannot be reached.</summary>
    public const string Health = "health";
}
