using System.Net;
using CarSearch.Api.Tests.Infrastructure;

namespace CarSearch.Api.Tests;

/// <summary>continuationToken walks the same ranking page by page.</summary>
[Collection(KitApi.Name)]
public sealed class PagingTests(KitApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task PagesFollowedToTheEndGiveTheWholeRankingOnce(int top)
    {
        var all = await _client.GetSearchAsync("/api/search?q=a%20red%20car&top=100");

        var paged = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var url = "/api/search?q=a%20red%20car&top=" + top + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await _client.GetSearchAsync(url);
            Assert.True(page.Results.Count <= top);
            paged.AddRange(page.Results.Select(r => r.Id));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages <= all.Results.Count);

        Assert.Equal(all.Results.Select(r => r.Id), paged);
        Assert.Equal((all.Results.Count + top - 1) / top, pages);
    }

    [Fact]
    public async Task ATokenOnlyContinuesTheSearchThatIssuedIt()
    {
        var first = await _client.GetSearchAsync("/api/search?q=a%20red%20car&top=2");
        Assert.NotNull(first.ContinuationToken);
        var token = Uri.EscapeDataString(first.ContinuationToken);

        var otherText = await _client.GetAsync($"/api/search?q=a%20blue%20car&top=2&continuationToken={token}");
        var otherFilter = await _client.GetAsync($"/api/search?q=a%20red%20car&top=2&format=PNG&continuationToken={token}");
        var otherTop = await _client.GetAsync($"/api/search?q=a%20red%20car&top=4&continuationToken={token}");

        await ApiAssert.ProblemAsync(otherText, HttpStatusCode.BadRequest, "continuationToken");
        await ApiAssert.ProblemAsync(otherFilter, HttpStatusCode.BadRequest, "continuationToken");
        Assert.Equal(HttpStatusCode.OK, otherTop.StatusCode); // the page size may change between pages
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%2B%2F%3D")]
    public async Task AMalformedTokenIsABadRequest(string token)
    {
        var response = await _client.GetAsync($"/api/search?q=car&continuationToken={token}");

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "continuationToken");
    }
}
