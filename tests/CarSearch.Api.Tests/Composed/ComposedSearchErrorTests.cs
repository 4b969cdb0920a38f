using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CarSearch.Tests;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Core.Search;

namespace CarSearch.Api.Tests.Composed;

/// <summary>Every composed query the API refuses answers a problem whose detail names the term or parameter at fault.</summary>
[Collection(KitApi.Name)]
public sealed class ComposedSearchErrorTests(KitApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private static string KitId => DocumentId.FromName(KitCatalog.Images[0].File);

    private static JsonObject Text(string text, double? weight = null) =>
        weight is { } w ? new JsonObject { ["text"] = text, ["weight"] = w } : new JsonObject { ["text"] = text };

    [Fact]
    public async Task NoTermsIsABadRequest()
    {
        await ApiAssert.ProblemAsync(await _client.PostAsync(ComposedQueries.Body(Array.Empty<JsonNode>())), HttpStatusCode.BadRequest, "no terms");
        await ApiAssert.ProblemAsync(await _client.PostAsync(new JsonObject { ["top"] = 5 }), HttpStatusCode.BadRequest, "no terms");
    }

    [Fact]
    public async Task AllWeightsZeroIsABadRequest()
    {
        var body = ComposedQueries.Body([Text("red car", 0), new JsonObject { ["imageId"] = KitId, ["weight"] = 0 }]);

        await ApiAssert.ProblemAsync(await _client.PostAsync(body), HttpStatusCode.BadRequest, "weight is 0");
    }

    [Fact]
    public async Task TermsThatCancelOutAreABadRequest()
    {
        var body = ComposedQueries.Body([Text("red car", 1), Text("red car", -1)]);

        await ApiAssert.ProblemAsync(await _client.PostAsync(body), HttpStatusCode.BadRequest, "cancel");
    }

    [Theory]
    [InlineData(1e9)]
    [InlineData(-101)]
    public async Task AWeightOutOfRangeIsABadRequestNamingIt(double weight)
    {
        var body = ComposedQueries.Body([Text("red car"), Text("truck", weight)]);

        await ApiAssert.ProblemAsync(await _client.PostAsync(body), HttpStatusCode.BadRequest, "terms[1].weight", $"{SearchService.MaxWeight}");
    }

    [Fact]
    public async Task AnUnknownImageIdIsNotFoundInTheBodyAndInLike()
    {
        var body = ComposedQueries.Body([Text("red car"), new JsonObject { ["imageId"] = "never-stored.jpg" }]);

        await ApiAssert.ProblemAsync(await _client.PostAsync(body), HttpStatusCode.NotFound, "never-stored.jpg");
        await ApiAssert.ProblemAsync(await _client.GetAsync("/api/search?q=car&like=never-stored.jpg"), HttpStatusCode.NotFound, "never-stored.jpg");
    }

    [Fact]
    public async Task MoreThanEightTermsIsABadRequestButEightAreFine()
    {
        var eight = ComposedQueries.Body([.. Enumerable.Range(0, SearchService.MaxTerms).Select(i => (JsonNode)Text($"car {i}"))]);
        var nine = ComposedQueries.Body([.. Enumerable.Range(0, SearchService.MaxTerms + 1).Select(i => (JsonNode)Text($"car {i}"))]);
        var nots = string.Concat(Enumerable.Range(0, SearchService.MaxTerms).Select(i => $"&not=truck{i}"));

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync(eight)).StatusCode);
        await ApiAssert.ProblemAsync(await _client.PostAsync(nine), HttpStatusCode.BadRequest, $"at most {SearchService.MaxTerms}", $"{SearchService.MaxTerms + 1}");
        await ApiAssert.ProblemAsync(await _client.GetAsync("/api/search?q=car" + nots), HttpStatusCode.BadRequest, $"at most {SearchService.MaxTerms}");
    }

    [Fact]
    public async Task ATextOverTheLimitIsABadRequestNamingTheTerm()
    {
        var body = ComposedQueries.Body([Text("red car"), Text(new string('a', SearchService.MaxTextLength + 1), -0.5)]);

        await ApiAssert.ProblemAsync(await _client.PostAsync(body), HttpStatusCode.BadRequest, "terms[1].text", $"{SearchService.MaxTextLength:N0}");
        await ApiAssert.ProblemAsync(
            await _client.GetAsync($"/api/search?q=car&not={new string('a', SearchService.MaxTextLength + 1)}"),
            HttpStatusCode.BadRequest, "not", $"{SearchService.MaxTextLength:N0}");
    }

    [Fact]
    public async Task AnEmptyTextTermIsABadRequestNamingIt()
    {
        await ApiAssert.ProblemAsync(
            await _client.PostAsync(ComposedQueries.Body([Text("red car"), Text("  ")])), HttpStatusCode.BadRequest, "terms[1].text", "empty");
        await ApiAssert.ProblemAsync(await _client.GetAsync("/api/search?q=car&not="), HttpStatusCode.BadRequest, "not", "empty");
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("data:image/jpeg,abc")]
    [InlineData("QUJD=QUJD")]
    public async Task BadBase64IsABadRequestNamingTheTerm(string image)
    {
        var body = ComposedQueries.Body([Text("red car"), new JsonObject { ["image"] = image }]);

        await ApiAssert.ProblemAsync(await _client.PostAsync(body), HttpStatusCode.BadRequest, "terms[1].image", "base64");
    }

    [Fact]
    public async Task Base64OfSomethingThatIsNotAnImageIsUnsupported()
    {
        var body = ComposedQueries.Body([new JsonObject { ["image"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello, not a photo")) }]);

        await ApiAssert.ProblemAsync(await _client.PostAsync(body), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"text\": \"car\", \"imageId\": \"a.jpg\"}")]
    [InlineData("null")]
    public async Task ATermWithoutExactlyOneKindIsABadRequest(string term)
    {
        var body = ComposedQueries.Body([Text("red car"), JsonNode.Parse(term)!]);

        await ApiAssert.ProblemAsync(await _client.PostAsync(body), HttpStatusCode.BadRequest, "terms[1]", "exactly one of");
    }

    [Theory]
    [InlineData("{\"terms\": [{\"text\": \"car\", \"weigth\": 2}]}", "weigth")]
    [InlineData("{\"terms\": [{\"text\": \"car\"}], \"top\": \"ten\"}", "top")]
    [InlineData("{\"terms\": [{\"text\": \"car\"}]", "not a search query")]
    [InlineData("[1, 2]", "not a search query")]
    public async Task JsonThatIsNotAQueryIsABadRequest(string json, string named)
    {
        var response = await _client.PostAsync("/api/search", new StringContent(json, Encoding.UTF8, "application/json"));

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, named);
    }

    [Fact]
    public async Task AnEmptyBodyIsABadRequest()
    {
        await ApiAssert.ProblemAsync(await _client.PostAsync("/api/search", new ByteArrayContent([])), HttpStatusCode.BadRequest, "body is empty");
    }

    [Fact]
    public async Task AMultipartBodyNeedsItsQueryFieldAndTheFieldsItNames()
    {
        var withoutQuery = new MultipartFormDataContent { { new ByteArrayContent(KitCatalog.Images[0].ReadBytes()), "photo1", "a.jpg" } };

        await ApiAssert.ProblemAsync(await _client.PostAsync("/api/search", withoutQuery), HttpStatusCode.BadRequest, "\"query\"");
        await ApiAssert.ProblemAsync(
            await _client.PostMultipartAsync(ComposedQueries.Body([new JsonObject { ["imagePart"] = "photo2" }]), ("photo1", KitCatalog.Images[0].ReadBytes())),
            HttpStatusCode.BadRequest, "terms[0].imagePart", "photo2");
    }

    [Fact]
    public async Task PhotosOverTheUploadLimitTogetherAreTooLarge()
    {
        var half = new byte[(ApiTestHost.UploadLimit / 2) + 1];
        var body = ComposedQueries.Body([new JsonObject { ["image"] = Convert.ToBase64String(half) }, new JsonObject { ["image"] = Convert.ToBase64String(half) }]);

        await ApiAssert.ProblemAsync(await _client.PostAsync(body), HttpStatusCode.RequestEntityTooLarge, $"{ApiTestHost.UploadLimit:N0}");
    }

    [Fact]
    public async Task NotWithoutQOrLikeIsABadRequestForTheMissingQ()
    {
        await ApiAssert.ProblemAsync(await _client.GetAsync("/api/search?not=truck"), HttpStatusCode.BadRequest, "q", "missing");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("-2")]
    [InlineData("NaN")]
    [InlineData("")]
    public async Task ABadMinScoreIsABadRequestOnEverySearchRoute(string minScore)
    {
        var escaped = Uri.EscapeDataString(minScore);
        foreach (var route in new[] { "/api/search?q=car&", "/api/search?like=" + Uri.EscapeDataString(KitId) + "&", $"/api/images/{Uri.EscapeDataString(KitId)}/similar?" })
        {
            await ApiAssert.ProblemAsync(await _client.GetAsync($"{route}minScore={escaped}"), HttpStatusCode.BadRequest, "minScore", "-1 to 1");
        }
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-1.01)]
    public async Task AMinScoreOutOfRangeInTheBodyIsABadRequest(double minScore)
    {
        var body = ComposedQueries.Body([Text("red car")]);
        body["minScore"] = minScore;

        await ApiAssert.ProblemAsync(await _client.PostAsync(body), HttpStatusCode.BadRequest, "minScore", "-1 to 1");
    }

    [Fact]
    public async Task BadTopAndFiltersInTheBodyAreRefusedAsOnTheQueryString()
    {
        var top = ComposedQueries.Body([Text("red car")], top: VectorQuery.MaxTop + 1);
        var filter = ComposedQueries.Body([Text("red car")]);
        filter["filters"] = new JsonObject { ["no spaces"] = "x" };

        await ApiAssert.ProblemAsync(await _client.PostAsync(top), HttpStatusCode.BadRequest, "top", $"{VectorQuery.MaxTop + 1}");
        await ApiAssert.ProblemAsync(await _client.PostAsync(filter), HttpStatusCode.BadRequest, "no spaces");
    }
}
