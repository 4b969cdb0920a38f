using CarSearch.Tests;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Core.Search;

namespace CarSearch.Api.Tests.Composed;

/// <summary>GET /api/stats/scores reports the best scores of unrelated queries, to choose a minScore from.</summary>
[Collection(KitApi.Name)]
public sealed class ScoreStatsTests(KitApiFixture fixture)
{
    [Fact]
    public async Task ReportsPercentilesOfEachUnrelatedQuerysBestScore()
    {
        // Each unrelated query's best score, computed here by scoring every image.
        var documents = new List<ImageDocument>();
        foreach (var image in KitCatalog.Images)
        {
            documents.Add((await fixture.Host.Index.GetAsync(DocumentId.FromName(image.File)))!);
        }

        var best = fixture.Host.Embedder.EmbedTexts(ScoreCalibrator.UnrelatedQueries)
            .Select(query => documents.Max(d => ExpectedRanking.Cosine(query, d.Embedding)))
            .Order()
            .ToArray();

        var stats = await ApiAssert.OkJsonAsync<ScoreCalibration>(await fixture.Client.GetAsync("/api/stats/scores"));

        Assert.Equal(fixture.Host.Embedder.ModelId, stats.ModelId);
        Assert.Equal(KitCatalog.Images.Count, stats.Documents);
        Assert.Equal(ScoreCalibrator.UnrelatedQueries.Count, stats.Queries);
        var percentiles = stats.BestScores!;
        Assert.Equal(best[0], percentiles.Min, 1e-5);
        Assert.Equal(best[^1], percentiles.Max, 1e-5);
        Assert.Equal(NearestRank(best, 50), percentiles.P50, 1e-5);
        Assert.Equal(NearestRank(best, 90), percentiles.P90, 1e-5);
        Assert.Equal(NearestRank(best, 95), percentiles.P95, 1e-5);
        Assert.Equal(NearestRank(best, 99), percentiles.P99, 1e-5);
        Assert.True(percentiles.Min <= percentiles.P50 && percentiles.P50 <= percentiles.P90 && percentiles.P90 <= percentiles.P95);
        Assert.Equal(Math.Ceiling(percentiles.P90 * 100) / 100, stats.SuggestedMinScore);
    }

    [Fact]
    public async Task AnEmptyCollectionHasNoScores()
    {
        await using var host = await ApiTestHost.StartAsync();

        var stats = await ApiAssert.OkJsonAsync<ScoreCalibration>(await host.Client.GetAsync("/api/stats/scores"));

        Assert.Equal(0, stats.Documents);
        Assert.Null(stats.BestScores);
        Assert.Null(stats.SuggestedMinScore);
    }

    private static double NearestRank(double[] sorted, int percent) =>
        sorted[(int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1];
}
