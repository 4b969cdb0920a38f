using System.Globalization;
using CarSearch.Core.Index;
using CarSearch.Core.Search;

namespace CarSearch.Api.Http;

/// <summary>
/// The API's words for every search request it refuses, naming the query parameters as clients send them
/// (<c>q</c>, <c>top</c>, <c>minScore</c>, <c>continuationToken</c>, a filter's metadata name, a composed query's term): the query string's own problems, and
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

    public static QueryStringException InvalidCollapse(string given) =>
        new(SearchQueryString.CollapseParameter, $"{SearchQueryString.CollapseParameter} must be true or false; got \"{given}\".");

    public static QueryStringException EmptyQueryBody() =>
        new("body", "The request body is empty: send the query as JSON, e.g. {\"terms\": [{\"text\": \"red sports car\"}]}.");

    /// <summary>JSON that is not a composed query; <paramref name="path"/> is where the reader stopped (<c>$.terms[0]</c>).</summary>
    public static QueryStringException UnreadableQueryBody(string? path, string reason) =>
        new(path ?? "body", $"The body is not a search query ({reason}) Send JSON like {{\"terms\": [{{\"text\": \"red sports car\"}}, {{\"imageId\": \"abc.jpg\", \"weight\": 0.5}}], \"top\": 10}}.");

    public static QueryStringException NotOneKindOfTerm(string name) =>
        new(name, $"{name} must have exactly one of text, imageId, image (base64) or imagePart (a multipart field's name), and may have a weight.");

    public static QueryStringException NotBase64(string name) =>
        new(name, $"{name} is not base64: send the photo's bytes in base64 (a data: URL is fine too), or upload it as a multipart field and reference it with imagePart.");

    public static QueryStringException MissingPart(string name, string part) =>
        new(name, $"{name} names the multipart field \"{part}\", which the body does not have: attach the photo in a field of that name.");

    public static QueryStringException RepeatedPart(string part) =>
        new(part, $"The multipart field \"{part}\" is given more than once; give each photo its own field name.");

    public static QueryStringException MissingQueryPart() =>
        new(ComposedQueryReader.QueryField,
            $"The multipart/form-data body has no field \"{ComposedQueryReader.QueryField}\": send the query's JSON in it, with terms such as {{\"imagePart\": \"photo1\"}} naming the fields that hold photos.");

    public static QueryStringException InvalidMinScore(string given) =>
        new(SearchQueryString.MinScoreParameter, MinScoreDetail(given));

    /// <summary>The problem detail for a search the service refused.</summary>
    /// <param name="invalid">What the service refused.</param>
    /// <param name="q">The name of the text or weight at fault: <c>q</c> for a text search, a term's name in a composed one.</param>
    public static string Detail(InvalidSearchException invalid, string q = SearchQueryString.TextParameter)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        var filter = invalid.FilterName ?? "";
        return invalid.Reason switch
        {
            InvalidSearchReason.NoTerms =>
                "The query has no terms: give at least one text, imageId, image or imagePart in terms, e.g. {\"terms\": [{\"text\": \"red sports car\"}]}.",
            InvalidSearchReason.TooManyTerms => string.Create(CultureInfo.InvariantCulture,
                $"A query may have at most {SearchService.MaxTerms} terms (q, not and like together, or the entries of terms); got {invalid.Actual}."),
            InvalidSearchReason.InvalidWeight => string.Create(CultureInfo.InvariantCulture,
                $"{q} must be a number from -{SearchService.MaxWeight} to {SearchService.MaxWeight} (only the ratios between weights matter)."),
            InvalidSearchReason.AllWeightsZero =>
                "Every term's weight is 0, so the query points nowhere: give at least one term a weight other than 0 (it defaults to 1).",
            InvalidSearchReason.TermsCancelOut =>
                "The weighted terms cancel each other out (e.g. the same text with weights 1 and -1), so the query points nowhere: change a weight or a term.",
            InvalidSearchReason.MinScoreOutOfRange => MinScoreDetail(null),
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
                $"\"{filter}\" is not a metadata name to filter on: use 1 to {SearchParameters.MaxFilterNameLength} letters, digits, '_', '-' or '.' (e.g. make, auto.colour)."),
            InvalidSearchReason.InvalidFilterValue => string.Create(CultureInfo.InvariantCulture,
                $"The filter {filter} needs a value of 1 to {SearchParameters.MaxFilterValueLength:N0} characters, e.g. {filter}=Tesla."),
            // A rule added to the service before it is worded here still answers 400 with the service's words.
            _ => invalid.Message,
        };
    }

    private static string MinScoreDetail(string? given) =>
        $"{SearchQueryString.MinScoreParameter} must be a number from -1 to 1 (a cosine similarity; see GET /{ApiRoutes.Prefix}/{ApiRoutes.ScoreStats} to choose one)"
        + (given is null ? "." : $"; got \"{given}\".");

    private static string TopDetail(string given) =>
        string.Create(CultureInfo.InvariantCulture, $"{SearchQueryString.TopParameter} must be a whole number from 1 to {VectorQuery.MaxTop}; got \"{given}\".");

    private static string ContinuationTokenDetail(string reason) =>
        $"{SearchQueryString.ContinuationTokenParameter} cannot be used: {reason} Start the search again without it.";
}
