using System.Text;
using System.Text.Json.Nodes;
using CarSearch.Core.Index;
using CarSearch.Core.Search;
using CarSearch.Functions.Http;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Tests;
using Microsoft.AspNetCore.Http;

namespace CarSearch.Functions.Tests;

/// <summary>
/// The search functions over images that went the whole way: uploaded with metadata, indexed by the blob trigger
/// function, found through the HTTP functions, scored as the reference scores them.
/// </summary>
[Collection(WithAzurite.Name)]
public sealed class SearchFunctionsTests(FunctionsEnvironment environment)
{
    /// <summary>How far a score may be from the reference cosine (the kit README advises ~2e-3).</summary>
    private const double ScoreTolerance = 2e-3;

    /// <summary>The same bytes through the same pipeline: the cosine is 1 up to float rounding.</summary>
    private const double SelfScore = 0.9999;

    private FunctionsTestHost Kit => environment.Kit;

    public static TheoryData<string> Texts => KitCatalog.SearchableTexts();

    public static TheoryData<string> Images => KitCatalog.ImageFiles();

    /// <summary>
    /// Every ingested image comes back, best first, each upright one with the reference's cosine. Photos with an EXIF
    /// rotation are embedded upright on purpose (the reference ignores EXIF), so their scores differ by design.
    /// </summary>
    [Theory]
    [MemberData(nameof(Texts))]
    public async Task TextSearchScoresEveryIngestedImageAsTheReference(string text)
    {
        var reference = KitCatalog.Ranking(text);
        var upright = KitImages.Upright.Select(image => image.File).ToHashSet(StringComparer.Ordinal);

        var results = await SearchAsync($"search?q={Uri.EscapeDataString(text)}&top={VectorQuery.MaxTop}");

        Assert.Equal(reference.Images.Order(StringComparer.Ordinal), results.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(results.Select(r => r.Score).OrderDescending(), results.Select(r => r.Score));
        foreach (var (file, cosine) in reference.Images.Zip(reference.Cosine).Where(pair => upright.Contains(pair.First)))
        {
            var score = results.Single(r => r.Name == file).Score;
            Assert.True(Math.Abs(score - cosine) <= ScoreTolerance, $"{file}: score {score:F6}, reference cosine {cosine:F6}");
        }
    }

    [Fact]
    public async Task TextSearchFiltersOnTheBlobsMetadataAndDefaultsToTen()
    {
        var text = Uri.EscapeDataString(KitCatalog.SearchableRankings.First().Text);

        var kit = await SearchAsync($"search?q={text}&{FunctionsEnvironment.MakeField}={FunctionsEnvironment.MakeValue}");
        var other = await SearchAsync($"search?q={text}&{FunctionsEnvironment.MakeField}=Other");
        var png = await SearchAsync($"search?q={text}&{FunctionsEnvironment.FormatField}=PNG&top={VectorQuery.MaxTop}");

        Assert.Equal(Math.Min(10, KitCatalog.Images.Count), kit.Count);
        Assert.Empty(other);
        Assert.Equal(
            KitCatalog.Images.Where(image => image.Format == "PNG").Select(image => image.File).Order(StringComparer.Ordinal),
            png.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task APhotoFindsItselfFirst(string file)
    {
        var answer = await Kit.HttpAsync<SearchFunctions>(
            "POST", "search/image?top=3", (function, request) => function.SearchByImage(request),
            KitCatalog.Image(file).ReadBytes(), "application/octet-stream");

        var results = Results(answer);
        Assert.Equal(3, results.Count);
        Assert.Equal(file, results[0].Name);
        Assert.True(results[0].Score >= SelfScore, $"self score {results[0].Score}");
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task SimilarImagesLeaveTheImageItselfOut(string file)
    {
        var id = DocumentId.FromName(file);

        var answer = await Kit.HttpAsync<SearchFunctions>(
            "GET", $"images/{Uri.EscapeDataString(id)}/similar?top={VectorQuery.MaxTop}",
            (function, request) => function.FindSimilar(request, id));

        var results = Results(answer);
        Assert.Equal(KitCatalog.Images.Count - 1, results.Count);
        Assert.DoesNotContain(results, r => r.Name == file);
        Assert.Equal(results.Select(r => r.Score).OrderDescending(), results.Select(r => r.Score));
    }

    /// <summary>
    /// POST /api/search is a function too, and answers a composed query as the GET shorthands spell it: q weight 1,
    /// not -0.5, like 1, the liked image left out.
    /// </summary>
    [Fact]
    public async Task AComposedQueryIsAPostOnTheSearchRouteAndMatchesTheShorthands()
    {
        var texts = KitCatalog.SearchableRankings.Select(r => r.Text).Take(2).ToArray();
        var liked = KitCatalog.Images[1].File;
        var likedId = DocumentId.FromName(liked);
        var body = new JsonObject
        {
            ["terms"] = new JsonArray(
                new JsonObject { ["text"] = texts[0] },
                new JsonObject { ["text"] = texts[1], ["weight"] = -0.5 },
                new JsonObject { ["imageId"] = likedId }),
            ["top"] = VectorQuery.MaxTop,
        };

        var posted = Results(await Kit.HttpAsync<SearchFunctions>(
            "POST", "search", (function, request) => function.SearchComposed(request),
            Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json"));
        var shorthand = await SearchAsync(
            $"search?q={Uri.EscapeDataString(texts[0])}&not={Uri.EscapeDataString(texts[1])}&like={Uri.EscapeDataString(likedId)}&top={VectorQuery.MaxTop}");

        Assert.Equal(KitCatalog.Images.Count - 1, posted.Count);
        Assert.DoesNotContain(posted, r => r.Name == liked);
        Assert.Equal(shorthand.Select(r => r.Name), posted.Select(r => r.Name));
        Assert.All(shorthand.Zip(posted), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 1e-6));
    }

    [Fact]
    public async Task AComposedQueryWithoutTermsIsAProblem()
    {
        var answer = await Kit.HttpAsync<SearchFunctions>(
            "POST", "search", (function, request) => function.SearchComposed(request), "{\"terms\": []}"u8.ToArray(), "application/json");

        Assert.Equal(StatusCodes.Status400BadRequest, answer.StatusCode);
        Assert.Equal(HttpAnswer.ProblemContentType, answer.ContentType);
        Assert.Contains("no terms", answer.Json().GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ScoreStatsReportTheUnrelatedQueriesBestScores()
    {
        var answer = await Kit.HttpAsync<ScoreStatsFunction>("GET", "stats/scores", (function, request) => function.GetScoreStats(request));

        var stats = answer.AssertOkJson();
        Assert.Equal(ScoreCalibrator.UnrelatedQueries.Count, stats.GetProperty("queries").GetInt32());
        var percentiles = stats.GetProperty("bestScores");
        Assert.True(percentiles.GetProperty("p50").GetDouble() <= percentiles.GetProperty("p90").GetDouble());
        Assert.True(stats.GetProperty("suggestedMinScore").GetDouble() >= percentiles.GetProperty("p90").GetDouble());
    }

    private async Task<IReadOnlyList<(string Name, double Score)>> SearchAsync(string pathAndQuery) =>
        Results(await Kit.HttpAsync<SearchFunctions>("GET", pathAndQuery, (function, request) => function.SearchByText(request)));

    private static List<(string Name, double Score)> Results(HttpAnswer answer) =>
        [.. answer.AssertOkJson().GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("score").GetDouble()))];
}
