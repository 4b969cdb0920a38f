using System.Globalization;
using CarSearch.Core.Index;

namespace CarSearch.Core.Search;

/// <summary>
/// A search that cannot be run as asked: its arguments break one of <see cref="SearchService"/>'s rules.
/// <see cref="Reason"/> says which, with <see cref="FilterName"/> and <see cref="Actual"/> for the details, so each host
/// words it for its users (the HTTP API names its query parameters); <see cref="Exception.Message"/> is the search's
/// own wording, for logs and for callers without a vocabulary of their own.
/// </summary>
public sealed class InvalidSearchException : ArgumentException
{
    private InvalidSearchException(
        InvalidSearchReason reason, string message, string? filterName = null, int? actual = null, int? termIndex = null)
        : base(message)
    {
        Reason = reason;
        FilterName = filterName;
        Actual = actual;
        TermIndex = termIndex;
    }

    public InvalidSearchReason Reason { get; }

    /// <summary>The filter at fault (its metadata name as given), for the filter reasons; null otherwise.</summary>
    public string? FilterName { get; }

    /// <summary>The number that broke the rule: the text's length, the page size, the number of filters; null otherwise.</summary>
    public int? Actual { get; }

    /// <summary>
    /// The position of the composed query's term at fault (from 0), for the text and weight reasons of a composed
    /// query; null otherwise (and for a plain text search, whose text is its only term).
    /// </summary>
    public int? TermIndex { get; }

    /// <summary>The same rule, broken by the composed query's term at <paramref name="termIndex"/>.</summary>
    public InvalidSearchException InTerm(int termIndex) =>
        new(Reason, string.Create(CultureInfo.InvariantCulture, $"Term {termIndex + 1}: {Message}"), FilterName, Actual, termIndex);

    public static InvalidSearchException EmptyText() =>
        new(InvalidSearchReason.EmptyText, "The search text is empty: give a few words that describe the car.");

    public static InvalidSearchException TextTooLong(int length) =>
        new(InvalidSearchReason.TextTooLong, string.Create(CultureInfo.InvariantCulture,
            $"The search text is {length:N0} characters long; the limit is {SearchService.MaxTextLength:N0}."), actual: length);

    public static InvalidSearchException TopOutOfRange(int top) =>
        new(InvalidSearchReason.TopOutOfRange, string.Create(CultureInfo.InvariantCulture,
            $"The page size must be from 1 to {VectorQuery.MaxTop}; got {top}."), actual: top);

    public static InvalidSearchException UnknownContinuationToken() =>
        new(InvalidSearchReason.UnknownContinuationToken, "The continuation token is not one this service issued.");

    public static InvalidSearchException ForeignContinuationToken() =>
        new(InvalidSearchReason.ForeignContinuationToken,
            "The continuation token was not issued for this search: a token only continues the search that returned it.");

    public static InvalidSearchException TooManyFilters(int count) =>
        new(InvalidSearchReason.TooManyFilters, string.Create(CultureInfo.InvariantCulture,
            $"A search may filter on at most {SearchParameters.MaxFilters} metadata fields; got {count}."), actual: count);

    public static InvalidSearchException InvalidFilterName(string name) =>
        new(InvalidSearchReason.InvalidFilterName, string.Create(CultureInfo.InvariantCulture,
            $"\"{name}\" is not a metadata name to filter on: use 1 to {SearchParameters.MaxFilterNameLength} letters, digits, '_', '-' or '.' (e.g. make, auto.colour)."),
            filterName: name);

    public static InvalidSearchException InvalidFilterValue(string name) =>
        new(InvalidSearchReason.InvalidFilterValue, string.Create(CultureInfo.InvariantCulture,
            $"The filter on \"{name}\" needs a value of 1 to {SearchParameters.MaxFilterValueLength:N0} characters."),
            filterName: name);

    public static InvalidSearchException NoTerms() =>
        new(InvalidSearchReason.NoTerms, "The query has no terms: give at least one text, image or photo.");

    public static InvalidSearchException TooManyTerms(int count) =>
        new(InvalidSearchReason.TooManyTerms, string.Create(CultureInfo.InvariantCulture,
            $"A query may have at most {SearchService.MaxTerms} terms; got {count}."), actual: count);

    public static InvalidSearchException InvalidWeight(int termIndex) =>
        new(InvalidSearchReason.InvalidWeight, string.Create(CultureInfo.InvariantCulture,
            $"Term {termIndex + 1}'s weight must be a number from -{SearchService.MaxWeight} to {SearchService.MaxWeight}."),
            termIndex: termIndex);

    public static InvalidSearchException AllWeightsZero() =>
        new(InvalidSearchReason.AllWeightsZero, "Every term's weight is 0, so the query points nowhere: give one term a weight.");

    public static InvalidSearchException TermsCancelOut() =>
        new(InvalidSearchReason.TermsCancelOut,
            "The weighted terms cancel each other out (their sum has no direction): change a weight or a term.");

    public static InvalidSearchException MinScoreOutOfRange() =>
        new(InvalidSearchReason.MinScoreOutOfRange, "The minimum score must be a number from -1 to 1 (a cosine similarity).");
}
