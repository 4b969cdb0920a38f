namespace CarSearch.Cosmos.Tests;

/// <summary>The search continuation token is opaque, round-trips its offset and rejects what it did not issue.</summary>
public class SearchContinuationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(int.MaxValue)]
    public void ATokenStandsForTheOffsetItWasMadeFor(int offset)
    {
        var token = SearchContinuation.Encode(offset);

        Assert.Equal(offset, SearchContinuation.Decode(token));
        Assert.DoesNotContain(offset.ToString(System.Globalization.CultureInfo.InvariantCulture), token, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NoTokenMeansTheFirstPage(string? token) => Assert.Equal(0, SearchContinuation.Decode(token));

    [Theory]
    [InlineData("Y29zbW9zLW9mZnNldDotNQ")] // "cosmos-offset:-5"
    [InlineData("Y29zbW9zLW9mZnNldDow")] // "cosmos-offset:0"
    [InlineData("Y29zbW9zLW9mZnNldDo5OTk5OTk5OTk5OTk")] // "cosmos-offset:999999999999"
    [InlineData("bG9jYWwtb2Zmc2V0OjU")] // "local-offset:5"
    [InlineData("%%%")]
    public void ATokenItDidNotIssueIsRejected(string token) =>
        Assert.Throws<ArgumentException>(() => SearchContinuation.Decode(token));
}
