using CarSearch.Api;
using CarSearch.Core.Search;
using CarSearch.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CarSearch.Functions.Http;

/// <summary>
/// Score calibration, an operator's route: it runs a few dozen searches, so it takes a function key even in a public
/// shop build.
/// </summary>
public sealed class ScoreStatsFunction(ScoreCalibrator calibrator)
{
    [Function(nameof(CarSearchApi.GetScoreStats))]
    public async Task<IResult> GetScoreStats(
        [HttpTrigger(FunctionAuthorization.Operator, "get", Route = FunctionRoutes.ScoreStats)] HttpRequest request) =>
        await CarSearchApi.GetScoreStats(calibrator, request.HttpContext.RequestAborted);
}
