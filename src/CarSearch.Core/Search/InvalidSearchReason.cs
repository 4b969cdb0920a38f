namespace CarSearch.Core.Search;

/// <summary>Which rule of <see cref="SearchService"/> a search broke, for hosts that word it in their own terms.</summary>
public enum InvalidSearchReason
{
    /// <summary>The search text is empty or only white space.</summary>
    EmptyText,

    /// <summary>The search text is longer than <see cref="SearchService.MaxTextLength"/>.</summary>
    TextTooLong,

    /// <summary>The page size is outside 1 to <see cref="Index.VectorQuery.MaxTop"/>.</summary>
    TopOutOfRange,

    /// <summary>The continuation token is not one this service issues (empty, too long, not decodable).</summary>
    UnknownContinuationToken,

    /// <summary>The continuation token was issued for another search (another query or other filters).</summary>
    ForeignContinuationToken,

    /// <summary>More than <see cref="SearchParameters.MaxFilters"/> metadata filters.</summary>
    TooManyFilters,

    /// <summary>A filter's metadata name is empty, too long or has characters metadata names cannot have.</summary>
    InvalidFilterName,

    /// <summary>A filter's value is empty or longer than <see cref="SearchParameters.MaxFilterValueLength"/>.</summary>
    InvalidFilterValue,
}
