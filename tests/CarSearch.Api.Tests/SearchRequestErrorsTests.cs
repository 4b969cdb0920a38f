using CarSearch.Api.Http;
using CarSearch.Core.Search;

namespace CarSearch.Api.Tests;

/// <summary>
/// Every rule the search service states in its own terms is worded by the API with its query parameters' names, so a
/// client reads "top" or "continuationToken", never the service's "page size" or "continuation token".
/// </summary>
public sealed class SearchRequestErrorsTests
{
    public static TheoryData<InvalidSearchReason, string> ParameterOfEachReason => new()
    {
        { InvalidSearchReason.EmptyText, "The search text q is empty" },
        { InvalidSearchReason.TextTooLong, "The search text q is 1,001 characters long" },
        { InvalidSearchReason.TopOutOfRange, "top must be a whole number from 1 to 100; got \"0\"" },
        { InvalidSearchReason.UnknownContinuationToken, "continuationToken cannot be used: it is not a token this service issued." },
        { InvalidSearchReason.ForeignContinuationToken, "continuationToken cannot be used: it was not issued for this search" },
        { InvalidSearchReason.TooManyFilters, "at most 16 metadata fields; got 17" },
        { InvalidSearchReason.InvalidFilterName, "\"ma ke\" is not a metadata name to filter on" },
        { InvalidSearchReason.InvalidFilterValue, "The filter make needs a value of 1 to 1,024 characters, e.g. make=Tesla." },
    };

    [Fact]
    public void EveryReasonTheServiceHasIsWordedHere()
    {
        var worded = ParameterOfEachReason.Select(row => (InvalidSearchReason)row[0]);

        Assert.Equal(Enum.GetValues<InvalidSearchReason>().Order(), worded.Order());
    }

    [Theory]
    [MemberData(nameof(ParameterOfEachReason))]
    public void EachReasonIsWordedWithTheApisParameterNames(InvalidSearchReason reason, string expected)
    {
        var detail = SearchRequestErrors.Detail(Example(reason));

        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    private static InvalidSearchException Example(InvalidSearchReason reason) => reason switch
    {
        InvalidSearchReason.EmptyText => InvalidSearchException.EmptyText(),
        InvalidSearchReason.TextTooLong => InvalidSearchException.TextTooLong(SearchService.MaxTextLength + 1),
        InvalidSearchReason.TopOutOfRange => InvalidSearchException.TopOutOfRange(0),
        InvalidSearchReason.UnknownContinuationToken => InvalidSearchException.UnknownContinuationToken(),
        InvalidSearchReason.ForeignContinuationToken => InvalidSearchException.ForeignContinuationToken(),
        InvalidSearchReason.TooManyFilters => InvalidSearchException.TooManyFilters(SearchParameters.MaxFilters + 1),
        InvalidSearchReason.InvalidFilterName => InvalidSearchException.InvalidFilterName("ma ke"),
        InvalidSearchReason.InvalidFilterValue => InvalidSearchException.InvalidFilterValue("make"),
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "No example for this reason yet."),
    };
}
