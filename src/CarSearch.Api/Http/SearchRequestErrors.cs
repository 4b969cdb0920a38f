using System.Globalization;
using CarSearch.Core.Index;
using CarSearch.Core.Search;

namespace CarSearch.Api.Http;

/// <summary>
/// The API's words for every search request it refuses, naming the query parameters as clients send them
/// (<c>q</c>, <c>top</c>, <c>continuationToken</c>, a filter's metadata name): the query string's own problems, and
/// <see cref="InvalidSearchException"/>'s reasons, which the search service states in its own terms.
/// </summary>
internal static class SearchRequestErrors
{
    public static QueryStringException MissingText() =>
        new(SearchQueryString.TextParameter,
            $"The query parameter {SearchQueryString.TextParameter} is missing: give the words to search for, e.g. {SearchQueryString.TextParameter}=red sports car.");

    /// <summary>A page size that is not a whole number from 1 to <see cref="VectorQuery.MaxTop"/>, quoted as the caller wrote it.</summary>
    public static QueryStringException InvalidTop(string given) => new(SearchQueryString.TopParameter, TopDetail(given));

    public static QueryStringException RepeatedParameter(string name) =>
        new(name, $"{name} is given more than once; give it once (filters match one value each).");

    public static QueryStringException InvalidForce(string given) =>
        new(SearchQueryString.ForceParameter, $"{SearchQueryString.ForceParameter} must be true or false; got \"{given}\".");

    /// <summary>The problem detail for a search the service refused.</summary>
    public static string Detail(InvalidSearchException invalid)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        const string q = SearchQueryString.TextParameter;
        var filter = invalid.FilterName ?? "";
        return invalid.Reason switch
        {
            InvalidSearchReason.EmptyText =>
                $"The search text {q} is empty: give a few words that describe the car, e.g. {q}=red sports car.",
            InvalidSearchReason.TextTooLong => string.Create(CultureInfo.InvariantCulture,
                $"The search text {q} is {invalid.Actual:N0} characters long; the limit is {SearchService.MaxTextLength:N0} (only its first 77 tokens count anyway)."),
            InvalidSearchReason.TopOutOfRange => TopDetail(invalid.Actual?.ToString(CultureInfo.InvariantCulture) ?? ""),
            InvalidSearchReason.UnknownContinuationToken => ContinuationTokenDetail("it is not a token this service issued."),
            InvalidSearchReason.ForeignContinuationToken => ContinuationTokenDetail(
                "it was not issued for this search (a token only continues the search that returned it: same query, same filters)."),
            InvalidSearchReason.TooManyFilters => string.Create(CultureInfo.InvariantCulture,
                $"A search may filter on at most {SearchParameters.MaxFilters} metadata fields; got {invalid.Actual}."),
            InvalidSearchReason.InvalidFilterName => string.Create(CultureInfo.InvariantCulture,
                $"\"{filter}\" is not a metadata name to filter on: use 1 to {SearchParameters.MaxFilterNameLength} letters, digits, '_' or '-'."),
            InvalidSearchReason.InvalidFilterValue => string.Create(CultureInfo.InvariantCulture,
                $"The filter {filter} needs a value of 1 to {SearchParameters.MaxFilterValueLength:N0} characters, e.g. {filter}=Tesla."),
            // A rule added to the service before it is worded here still answers 400 with the service's words.
            _ => invalid.Message,
        };
    }

    private static string TopDetail(string given) =>
        string.Create(CultureInfo.InvariantCulture, $"{SearchQueryString.TopParameter} must be a whole number from 1 to {VectorQuery.MaxTop}; got \"{given}\".");

    private static string ContinuationTokenDetail(string reason) =>
        $"{SearchQueryString.ContinuationTokenParameter} cannot be used: {reason} Start the search again without it.";
}
