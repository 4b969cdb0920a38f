namespace CarSearch.Cli.Searching;

/// <summary>
/// One search to send: by <see cref="Text"/> or by the image file at <see cref="ImagePath"/> (never both), steered by
/// texts to avoid (<see cref="Not"/>) and indexed images to look like (<see cref="Like"/>); with neither text nor image,
/// <see cref="Like"/> alone is the query.
/// </summary>
/// <param name="Top">Results wanted, 1 to the API's maximum.</param>
/// <param name="Filters">Metadata equality filters (make=Tesla), sent as the API's extra query parameters.</param>
/// <param name="Not">Texts to steer away from, the API's <c>not</c> (weight -0.5).</param>
/// <param name="Like">Indexed images' ids to search like, the API's <c>like</c> (weight 1).</param>
/// <param name="MinScore">The relevance cut-off, the API's <c>minScore</c>; null for the app's default.</param>
public sealed record SearchQuery(
    string? Text,
    string? ImagePath,
    int Top,
    IReadOnlyDictionary<string, string> Filters,
    IReadOnlyList<string>? Not = null,
    IReadOnlyList<string>? Like = null,
    double? MinScore = null)
{
    /// <summary>A photo with terms around it: only the composed query's POST carries both.</summary>
    public bool IsComposedPhotoQuery => ImagePath is not null && ((Not?.Count ?? 0) > 0 || (Like?.Count ?? 0) > 0);
}
