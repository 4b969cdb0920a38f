using System.Net;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Core.Search;
using CarSearch.Tests;

namespace CarSearch.Api.Tests;

/// <summary>Every request the API refuses answers a problem whose detail names what is wrong.</summary>
[Collection(KitApi.Name)]
public sealed class RequestErrorTests(KitApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private static string KitId => Uri.EscapeDataString(DocumentId.FromName(KitCatalog.Images[0].File));

    /// <summary>Every route that takes top, as a GET or a POST with a kit photo.</summary>
    public static TheoryData<string> SearchRoutes() => ["/api/search?q=car&", $"/api/images/{KitId}/similar?", "POST /api/search/image?"];

    [Fact]
    public async Task AMissingQueryIsABadRequest()
    {
        await ApiAssert.ProblemAsync(await _client.GetAsync("/api/search?top=5"), HttpStatusCode.BadRequest, "q", "missing");
    }

    [Theory]
    [InlineData("")]
    [InlineData("%20%20%20")]
    [InlineData("%09%0A")]
    public async Task AnEmptyQueryIsABadRequest(string q)
    {
        await ApiAssert.ProblemAsync(await _client.GetAsync($"/api/search?q={q}"), HttpStatusCode.BadRequest, "q", "empty");
    }

    [Fact]
    public async Task AQueryOverTheLengthLimitIsABadRequestButOneAtTheLimitIsNot()
    {
        var atLimit = await _client.GetAsync($"/api/search?q={new string('a', SearchService.MaxTextLength)}&top=1");
        var over = await _client.GetAsync($"/api/search?q={new string('a', SearchService.MaxTextLength + 1)}&top=1");

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        await ApiAssert.ProblemAsync(over, HttpStatusCode.BadRequest, "q", $"{SearchService.MaxTextLength + 1:N0}", $"{SearchService.MaxTextLength:N0}");
    }

    [Fact]
    public async Task ARepeatedQueryIsABadRequest()
    {
        await ApiAssert.ProblemAsync(await _client.GetAsync("/api/search?q=red&q=blue"), HttpStatusCode.BadRequest, "q", "more than once");
    }

    [Theory]
    [MemberData(nameof(BadTops))]
    public async Task TopOutsideOneToAHundredIsABadRequest(string route, string top)
    {
        var response = await SendAsync(route + "top=" + top);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "top", $"1 to {VectorQuery.MaxTop}", Uri.UnescapeDataString(top));
    }

    public static TheoryData<string, string> BadTops()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in SearchRoutes())
        {
            foreach (var top in new[] { "0", "101", "abc", "-1", "1.5", "", "%2B5", "99999999999" })
            {
                data.Add(route, top);
            }
        }

        return data;
    }

    [Theory]
    [InlineData("1")]
    [InlineData("100")]
    public async Task TopAtTheBoundsIsAccepted(string top)
    {
        var search = await _client.GetSearchAsync($"/api/search?q=car&top={top}");

        Assert.Equal(Math.Min(int.Parse(top, System.Globalization.CultureInfo.InvariantCulture), KitCatalog.Images.Count), search.Results.Count);
    }

    [Theory]
    [InlineData("/api/images/{0}")]
    [InlineData("/api/images/{0}/content")]
    [InlineData("/api/images/{0}/similar")]
    public async Task AnUnknownIdIsNotFound(string template)
    {
        foreach (var id in new[] { "no-such-car.jpg", "a%20b", "%E8%BB%8A", new string('x', 300) })
        {
            var response = await _client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, id));

            await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, "no indexed image", Uri.UnescapeDataString(id));
        }
    }

    [Fact]
    public async Task TooManyFiltersAreABadRequest()
    {
        var filters = string.Concat(Enumerable.Range(0, SearchParameters.MaxFilters + 1).Select(i => $"&field{i}=x"));

        var response = await _client.GetAsync("/api/search?q=car" + filters);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, $"at most {SearchParameters.MaxFilters}");
    }

    [Theory]
    [InlineData("make=", "make", "value")]
    [InlineData("make=Tesla&make=BMW", "make", "more than once")]
    [InlineData("ma%20ke=Tesla", "ma ke", "not a metadata name")]
    public async Task AMalformedFilterIsABadRequest(string filter, string name, string problem)
    {
        var response = await _client.GetAsync("/api/search?q=car&" + filter);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, name, problem);
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/images")]
    [InlineData("/nothing")]
    public async Task AnUnknownRouteIsANotFoundProblem(string path)
    {
        await ApiAssert.ProblemAsync(await _client.GetAsync(path), HttpStatusCode.NotFound, path);
    }

    [Fact]
    public async Task AWrongMethodIsAMethodNotAllowedProblem()
    {
        await ApiAssert.ProblemAsync(await _client.GetAsync("/api/search/image"), HttpStatusCode.MethodNotAllowed, "/api/search/image", "GET");
    }

    [Fact]
    public async Task AnUnexpectedFailureIsAServerErrorProblemWithoutInternals()
    {
        const string secret = "at Secret.Internal.Method() in /src/secret.cs";
        await using var host = await ApiTestHost.StartAsync();
        host.Status.Failure = new InvalidOperationException(secret);

        var response = await host.Client.GetAsync("/api/ingest/status");

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.InternalServerError, "logged");
        Assert.DoesNotContain("Secret", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), problem.GetRawText(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendAsync(string route)
    {
        if (!route.StartsWith("POST ", StringComparison.Ordinal))
        {
            return await _client.GetAsync(route);
        }

        using var body = new ByteArrayContent(KitCatalog.Images[0].ReadBytes());
        return await _client.PostAsync(route["POST ".Length..], body);
    }
}
