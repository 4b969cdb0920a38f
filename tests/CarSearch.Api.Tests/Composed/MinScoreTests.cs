using System.Globalization;
using System.Text.Json.Nodes;
using CarSearch.Tests;
using CarSearch.Api.Model;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;

namespace CarSearch.Api.Tests.Composed;

/// <summary>minScore, on the query string and in the body, and the configured default, drop results below the cut-off.</summary>
[Collection(KitApi.Name)]
public sealed class MinScoreTests(KitApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    private static string Text => KitCatalog.SearchableRankings.First().Text;

    [Fact]
    public async Task MinScoreOnTheQueryStringKeepsOnlyResultsAtOrAboveIt()
    {
        var all = await _client.GetSearchAsync($"/api/search?q={Uri.EscapeDataString(Text)}&top={VectorQuery.MaxTop}");
        var cut = Between(all, 3);

        var kept = await _client.GetSearchAsync($"/api/search?q={Uri.EscapeDataString(Text)}&top={VectorQuery.MaxTop}&minScore={cut}");

        Assert.Equal(all.Results.Take(3).Select(r => r.Id), kept.Results.Select(r => r.Id));
        Assert.Null(kept.ContinuationToken);
    }

    [Fact]
    public async Task MinScoreEndsPagingAtTheCutOff()
    {
        var all = await _client.GetSearchAsync($"/api/search?q={Uri.EscapeDataString(Text)}&top={VectorQuery.MaxTop}");
        var cut = Between(all, 4);

        var first = await _client.GetSearchAsync($"/api/search?q={Uri.EscapeDataString(Text)}&top=2&minScore={cut}");
        var second = await _client.GetSearchAsync(
            $"/api/search?q={Uri.EscapeDataString(Text)}&top=2&minScore={cut}&continuationToken={Uri.EscapeDataString(first.ContinuationToken!)}");

        Assert.Equal(all.Results.Take(4).Select(r => r.Id), first.Results.Concat(second.Results).Select(r => r.Id));
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public async Task MinScoreInTheBodyCutsAComposedQuery()
    {
        var body = ComposedQueries.Body([TestTerm.ForText(Text), TestTerm.ForImage(KitCatalog.Images[0].File, 0.5)], VectorQuery.MaxTop);
        var all = await ApiAssert.SearchAsync(await _client.PostAsync(body));
        body["minScore"] = JsonValue.Create(double.Parse(Between(all, 2), CultureInfo.InvariantCulture));

        var kept = await ApiAssert.SearchAsync(await _client.PostAsync(body));

        Assert.Equal(all.Results.Take(2).Select(r => r.Id), kept.Results.Select(r => r.Id));
    }

    [Fact]
    public async Task MinScoreAppliesToPhotoAndSimilarSearches()
    {
        var id = Uri.EscapeDataString(DocumentId.FromName(KitCatalog.Images[1].File));
        var similar = await _client.GetSearchAsync($"/api/images/{id}/similar?top={VectorQuery.MaxTop}");
        var photo = await ApiAssert.SearchAsync(await _client.PostAsync(
            $"/api/search/image?top={VectorQuery.MaxTop}", new ByteArrayContent(KitCatalog.Images[1].ReadBytes())));

        var similarCut = await _client.GetSearchAsync($"/api/images/{id}/similar?top={VectorQuery.MaxTop}&minScore={Between(similar, 2)}");
        var photoCut = await ApiAssert.SearchAsync(await _client.PostAsync(
            $"/api/search/image?top={VectorQuery.MaxTop}&minScore={Between(photo, 1)}", new ByteArrayContent(KitCatalog.Images[1].ReadBytes())));

        Assert.Equal(similar.Results.Take(2).Select(r => r.Id), similarCut.Results.Select(r => r.Id));
        Assert.Equal(photo.Results.Take(1).Select(r => r.Id), photoCut.Results.Select(r => r.Id));
    }

    [Fact]
    public async Task TheConfiguredDefaultAppliesWhenTheRequestGivesNone()
    {
        var all = await _client.GetSearchAsync($"/api/search?q={Uri.EscapeDataString(Text)}&top={VectorQuery.MaxTop}");
        var cut = Between(all, 3);
        await using var host = await KitHostWithDefaultAsync(cut);

        var byDefault = await host.Client.GetSearchAsync($"/api/search?q={Uri.EscapeDataString(Text)}&top={VectorQuery.MaxTop}");
        var overridden = await host.Client.GetSearchAsync($"/api/search?q={Uri.EscapeDataString(Text)}&top={VectorQuery.MaxTop}&minScore=-1");
        var composed = await ApiAssert.SearchAsync(await host.Client.PostAsync(ComposedQueries.Body([TestTerm.ForText(Text)], VectorQuery.MaxTop)));

        Assert.Equal(all.Results.Take(3).Select(r => r.Id), byDefault.Results.Select(r => r.Id));
        Assert.Equal(all.Results.Select(r => r.Id), overridden.Results.Select(r => r.Id));
        Assert.Equal(all.Results.Take(3).Select(r => r.Id), composed.Results.Select(r => r.Id));
    }

    [Fact]
    public async Task AnEmptyDefaultMeansNoCutOff()
    {
        await using var host = await KitHostWithDefaultAsync("");

        var search = await host.Client.GetSearchAsync($"/api/search?q={Uri.EscapeDataString(Text)}&top={VectorQuery.MaxTop}");

        Assert.Equal(KitCatalog.Images.Count, search.Results.Count);
    }

    /// <summary>A host holding every kit image with <c>CarSearch:Search:DefaultMinScore</c> set to <paramref name="defaultMinScore"/>.</summary>
    private static async Task<ApiTestHost> KitHostWithDefaultAsync(string defaultMinScore)
    {
        var host = await ApiTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CarSearch:Search:DefaultMinScore"] = defaultMinScore,
        });
        foreach (var image in KitCatalog.Images)
        {
            await host.AddImageAsync(image, new Dictionary<string, string>());
        }

        return host;
    }

    /// <summary>A cut-off halfway between the n-th and the (n+1)-th result's scores, as the query string writes it.</summary>
    private static string Between(SearchResponse all, int n)
    {
        Assert.True(all.Results.Count > n, $"The kit needs more than {n} images.");
        Assert.True(all.Results[n - 1].Score > all.Results[n].Score, "The kit's scores tie where the cut-off goes.");
        return ((all.Results[n - 1].Score + all.Results[n].Score) / 2).ToString("R", CultureInfo.InvariantCulture);
    }
}
