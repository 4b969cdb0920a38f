using CarSearch.Core.Index;

namespace CarSearch.Core.Search;

/// <summary>
/// What every search takes besides its query: page size, metadata filters, the page to continue from and the cut-off.
/// </summary>
/// <param name="Top">Results per page, 1 to <see cref="VectorQuery.MaxTop"/>.</param>
/// <param name="Filters">Metadata fields that must equal the given values (names case-insensitive, values exact).</param>
/// <param name="ContinuationToken">The token of the previous page of the same search.</param>
/// <param name="MinScore">
/// Results scoring below it are left out (a relevance cut-off, -1 to 1); null for the configured
/// <see cref="SearchOptions.DefaultMinScore"/>.
/// </param>
/// <param name="Collapse">
/// One result per near-duplicate group, its best-scoring member (<see cref="Duplicates.CollapsedSearch"/>).
/// </param>
public sealed record SearchParameters(
    int Top = VectorQuery.DefaultTop,
    IReadOnlyDictionary<string, string>? Filters = null,
    string? ContinuationToken = null,
    double? MinScore = null,
    bool Collapse = false)
{
    /// <summary>Most filters one search may have: each narrows an equality lookup, a few are all a shop needs.</summary>
    public const int MaxFilters = 16;

    /// <summary>Longest metadata name a filter may use (blob metadata names are short identifiers).</summary>
    public const int MaxFilterNameLength = 128;

    /// <summary>Longest value a filter may compare with.</summary>
    public const int MaxFilterValueLength = 1024;

    /// <summary>
    /// Tokens we issue are 21 bytes and the last result's id, in base64url: at most 295 characters for an id of
    /// <see cref="DocumentId.MaxLength"/>; anything longer is not one of ours.
    /// </summary>
    public const int MaxContinuationTokenLength = 512;

    public static SearchParameters Default { get; } = new();
}
