using System.ComponentModel.DataAnnotations;

namespace CarSearch.Core.Search;

/// <summary>How searches run, bound from the <c>CarSearch:Search</c> section.</summary>
public sealed class SearchOptions
{
    public const string SectionName = "CarSearch:Search";

    public const int DefaultMaxConcurrentImageSearches = 4;

    public const int DefaultTextEmbeddingCacheSize = 4096;

    /// <summary>
    /// Image searches decoded at once; more wait their turn. Decoding a large photo takes far more memory than its
    /// embedding (a 50-megapixel upload needs about 150 MB of pixels), so this bounds the memory a burst of uploads
    /// can take, as the ingest's own bound does for indexing.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentImageSearches { get; set; } = DefaultMaxConcurrentImageSearches;

    /// <summary>
    /// The relevance cut-off applied when a search gives none (<c>minScore</c>): results scoring below it are left out.
    /// Empty (the default) for none, so every search returns its top k whatever they score. Scores depend on the model:
    /// calibrate it for yours with <c>GET /api/stats/scores</c> (see the README).
    /// </summary>
    [Range(-1.0, 1.0)]
    public double? DefaultMinScore { get; set; }

    /// <summary>
    /// Recent search texts whose embeddings are kept in memory (about 2 KB each at 512 dimensions, so the default holds
    /// 8 MB); a text searched again skips the text tower. 0 turns the cache off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int TextEmbeddingCacheSize { get; set; } = DefaultTextEmbeddingCacheSize;
}
