using CarSearch.Api.Model;
using CarSearch.Core.Index;
using Microsoft.AspNetCore.Http;

namespace CarSearch.Api.Tests;

/// <summary>What a search answers with, from the index's page: scores as cosines, order and continuation untouched.</summary>
public sealed class SearchResponseTests
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    [Fact]
    public void ScoresAreReportedWithinTheCosinesRangeHoweverTheSumsRounded()
    {
        // An image searched with itself sums to 1.0000001 in float: seen by hand through `carsearch up` (cmyk.jpg).
        var page = new SearchPage(
            [
                new SearchHit("itself.jpg", "itself.jpg", 1.0000001192092896, NoMetadata),
                new SearchHit("near.jpg", "near.jpg", 0.8125, NoMetadata),
                new SearchHit("opposite.jpg", "opposite.jpg", -1.0000001192092896, NoMetadata),
            ],
            "next-page");

        var response = SearchResponse.From(page, new DefaultHttpContext().Request);

        Assert.Equal([("itself.jpg", 1.0), ("near.jpg", 0.8125), ("opposite.jpg", -1.0)], response.Results.Select(r => (r.Id, r.Score)));
        Assert.Equal("next-page", response.ContinuationToken);
    }
}
