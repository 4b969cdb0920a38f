using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CarSearch.Api.Tests.Composed;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Tests;

namespace CarSearch.Api.Tests;

/// <summary>Every search answer says in Server-Timing where its time went: the query's vector and the index's query.</summary>
[Collection(KitApi.Name)]
public sealed class ServerTimingTests(KitApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task EachSearchRouteReportsTheEmbeddingAndTheIndexQuery()
    {
        var text = Uri.EscapeDataString(KitCatalog.SearchableRankings.First().Text);
        var image = KitCatalog.Images[0];
        using var photo = new ByteArrayContent(image.ReadBytes());
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var id = DocumentId.FromName(image.File);

        using var byText = await _client.GetAsync($"/api/search?q={text}");
        using var byPhoto = await _client.PostAsync("/api/search/image", photo);
        using var similar = await _client.GetAsync($"/api/images/{Uri.EscapeDataString(id)}/similar");
        using var composed = await _client.PostAsync(ComposedQueries.Body(
            [new JsonObject { ["text"] = "a red car" }, new JsonObject { ["imageId"] = id, ["weight"] = 0.5 }]));
        using var collapsed = await _client.GetAsync($"/api/search?q={text}&collapse=true");

        foreach (var response in new[] { byText, byPhoto, similar, composed, collapsed })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var metrics = Metrics(response);
            Assert.Equal(["embed", "index"], metrics.Keys.Order(StringComparer.Ordinal));
            Assert.All(metrics.Values, duration => Assert.True(duration >= 0, $"{response.RequestMessage!.RequestUri}: {duration} ms"));
        }

        // A photo cannot be embedded in no time: the header measures, it does not just name.
        Assert.True(Metrics(byPhoto)["embed"] > 0);
    }

    [Fact]
    public async Task ARefusedSearchHasNoTiming()
    {
        using var response = await _client.GetAsync("/api/search?q=red&top=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Server-Timing"));
    }

    /// <summary>The header's metrics by name with their <c>dur</c> in milliseconds (RFC: <c>name;dur=1.2;desc="..."</c>).</summary>
    private static Dictionary<string, double> Metrics(HttpResponseMessage response)
    {
        var header = string.Join(", ", response.Headers.GetValues("Server-Timing"));
        return header.Split(',', StringSplitOptions.TrimEntries).ToDictionary(
            metric => metric.Split(';')[0],
            metric => double.Parse(
                metric.Split(';').Single(p => p.StartsWith("dur=", StringComparison.Ordinal))[4..], CultureInfo.InvariantCulture));
    }
}
