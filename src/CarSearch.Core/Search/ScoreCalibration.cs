namespace CarSearch.Core.Search;

/// <summary>
/// The best scores unrelated queries reach in the collection (<see cref="ScoreCalibrator"/>), as percentiles; all
/// null when the collection is empty.
/// </summary>
/// <param name="ModelId">The model that made the scores: a cut-off holds for it only.</param>
/// <param name="Documents">Images in the collection when it was measured.</param>
/// <param name="Queries">Unrelated queries searched.</param>
/// <param name="BestScores">Percentiles of each query's best score.</param>
/// <param name="SuggestedMinScore">
/// The 90th percentile rounded up to 0.01: nine in ten off-topic searches return nothing, while matches scoring above
/// what off-topic queries reach are kept.
/// </param>
public sealed record ScoreCalibration(
    string ModelId, long Documents, int Queries, ScorePercentiles? BestScores, double? SuggestedMinScore)
{
    public static ScoreCalibration From(string modelId, long documents, int queries, IReadOnlyCollection<double> bestScores)
    {
        ArgumentNullException.ThrowIfNull(bestScores);
        if (bestScores.Count == 0)
        {
            return new ScoreCalibration(modelId, documents, queries, null, null);
        }

        var sorted = bestScores.Order().ToArray();
        var percentiles = new ScorePercentiles(
            sorted[0], Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1]);
        return new ScoreCalibration(modelId, documents, queries, percentiles, Math.Ceiling(percentiles.P90 * 100) / 100);
    }

    /// <summary>The nearest-rank percentile: the smallest value at least <paramref name="percent"/> % of values do not exceed.</summary>
    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];
}

/// <summary>Percentiles of a set of scores.</summary>
public sealed record ScorePercentiles(double Min, double P50, double P90, double P95, double P99, double Max);
