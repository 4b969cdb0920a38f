using CarSearch.Api;
using CarSearch.Core.Search;
using CarSearch.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CarSearch.Functions.Http;

/// <summary>
/// Search by text (and its shorthands), by composed query, by photo and "more like this one": each trigger calls the
/// shared handler of its route and method.
/// </summary>
public sealed class SearchFunctions(SearchService search, IOptions<ApiOptions> apiOptions)
{
    [Function(nameof(CarSearchApi.SearchByText))]
    public async Task<IResult> SearchByText(
        [HttpTrigger(FunctionAuthorization.Shopper, "get", Route = FunctionRoutes.Search)] HttpRequest request) =>
        await CarSearchApi.SearchByText(request, search, request.HttpContext.RequestAborted);

    [Function(nameof(CarSearchApi.SearchComposed))]
    public async Task<IResult> SearchComposed(
        [HttpTrigger(FunctionAuthorization.Shopper, "post", Route = FunctionRoutes.Search)] HttpRequest request) =>
        await CarSearchApi.SearchComposed(request, search, apiOptions, request.HttpContext.RequestAborted);

    [Function(nameof(CarSearchApi.SearchByImage))]
    public async Task<IResult> SearchByImage(
        [HttpTrigger(FunctionAuthorization.Shopper, "post", Route = FunctionRoutes.SearchByImage)] HttpRequest request) =>
        await CarSearchApi.SearchByImage(request, search, apiOptions, request.HttpContext.RequestAborted);

    [Function(nameof(CarSearchApi.FindSimilar))]
    public async Task<IResult> FindSimilar(
        [HttpTrigger(FunctionAuthorization.Shopper, "get", Route = FunctionRoutes.SimilarImages)] HttpRequest request,
        string id) =>
        await CarSearchApi.FindSimilar(request, id, search, request.HttpContext.RequestAborted);
}
