using System.ComponentModel.DataAnnotations;

namespace CarSearch.Core.Search;

/// <summary>How searches run, bound from the <c>CarSearch:Search</c> section.</summary>
public sealed class SearchOptions
{
    public const string SectionName = "CarSearch:Search";

    public const int DefaultMaxConcurrentImageSearches = 4;

    /// <summary>
    /// Image searches decoded at once; more wait their turn. Decoding a large photo takes far more memory than its
    /// embedding (a 50-megapixel upload needs about 150 MB of pixels), so this bounds the memory a burst of uploads
    /// can take, as the ingest's own bound does for indexing.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentImageSearches { get; set; } = DefaultMaxConcurrentImageSearches;
}
