using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Tests;

namespace CarSearch.Api.Tests;

/// <summary>GET /api/search: the kit's texts rank the kit's images as the reference does.</summary>
[Collection(KitApi.Name)]
public sealed class TextSearchTests(KitApiFixture fixture)
{
    /// <summary>
    /// Reference cosines closer than this may swap: our decoder and resampler are not the reference's (the kit README
    /// advises "a few 1e-3").
    /// </summary>
    private const double OrderGap = 3e-3;

    /// <summary>How far a score may be from the reference cosine (the kit README advises ~2e-3).</summary>
    private const double ScoreTolerance = 2e-3;

    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string> Texts => KitCatalog.SearchableTexts();

    /// <summary>
    /// Every image comes back; scores and order match the reference for images stored upright. Photos with an EXIF
    /// rotation are embedded upright on purpose (the reference ignores EXIF), so their scores differ by design.
    /// </summary>
    [Theory]
    [MemberData(nameof(Texts))]
    public async Task ResultsFollowTheReferenceRanking(string text)
    {
        var reference = KitCatalog.Ranking(text);
        var upright = KitImages.Upright.Select(image => image.File).ToHashSet(StringComparer.Ordinal);

        var search = await _client.GetSearchAsync($"/api/search?q={Uri.EscapeDataString(text)}&top={VectorQuery.MaxTop}");

        var names = search.Results.Select(r => r.Name).ToList();
        Assert.Equal(reference.Images.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Null(search.ContinuationToken);
        var compared = Enumerable.Range(0, reference.Images.Length).Where(i => upright.Contains(reference.Images[i])).ToList();
        foreach (var i in compared)
        {
            var score = search.Results.Single(r => r.Name == reference.Images[i]).Score;
            Assert.True(Math.Abs(score - reference.Cosine[i]) <= ScoreTolerance,
                $"{reference.Images[i]}: score {score:F6}, reference cosine {reference.Cosine[i]:F6}");
            foreach (var j in compared.Where(j => reference.Cosine[i] - reference.Cosine[j] > OrderGap))
            {
                Assert.True(names.IndexOf(reference.Images[i]) < names.IndexOf(reference.Images[j]),
                    $"{reference.Images[i]} (cosine {reference.Cosine[i]:F5}) should rank above {reference.Images[j]} ({reference.Cosine[j]:F5})");
            }
        }
    }

    [Fact]
    public async Task ResultsComeBestFirstWithLinksAndMetadata()
    {
        var text = KitCatalog.SearchableRankings.First().Text;

        var search = await _client.GetSearchAsync($"/api/search?q={Uri.EscapeDataString(text)}&top={VectorQuery.MaxTop}");

        Assert.NotEmpty(search.Results);
        Assert.Equal(search.Results.OrderByDescending(r => r.Score).Select(r => r.Id), search.Results.Select(r => r.Id));
        foreach (var result in search.Results)
        {
            var image = KitCatalog.Image(result.Name);
            Assert.Equal(DocumentId.FromName(image.File), result.Id);
            Assert.Equal($"/api/images/{Uri.EscapeDataString(result.Id)}/content", result.ImageUrl);
            Assert.Equal($"/api/images/{Uri.EscapeDataString(result.Id)}/thumbnail", result.ThumbnailUrl);
            Assert.Equal(image.Format, result.Metadata[KitApiFixture.FormatField]);
            Assert.Equal(image.PilMode, result.Metadata[KitApiFixture.ModeField]);
        }
    }

    [Fact]
    public async Task TopDefaultsToTenAndLimitsThePage()
    {
        var text = Uri.EscapeDataString(KitCatalog.SearchableRankings.First().Text);

        var byDefault = await _client.GetSearchAsync($"/api/search?q={text}");
        var three = await _client.GetSearchAsync($"/api/search?q={text}&top=3");

        Assert.Equal(Math.Min(VectorQuery.DefaultTop, KitCatalog.Images.Count), byDefault.Results.Count);
        Assert.Equal(KitCatalog.Images.Count > VectorQuery.DefaultTop, byDefault.ContinuationToken is not null);
        Assert.Equal(byDefault.Results.Take(3).Select(r => r.Id), three.Results.Select(r => r.Id));
    }

    [Fact]
    public async Task CaseAndSpacingOfTheTextDoNotChangeTheResults()
    {
        var plain = await _client.GetSearchAsync("/api/search?q=red%20tesla&top=100");
        var shouted = await _client.GetSearchAsync("/api/search?q=%20%20RED%20%20%20Tesla%20&top=100");

        Assert.Equal(plain.Results.Select(r => (r.Id, r.Score)), shouted.Results.Select(r => (r.Id, r.Score)));
    }
}
