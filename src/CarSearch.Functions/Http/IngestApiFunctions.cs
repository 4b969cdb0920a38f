using CarSearch.Api;
using CarSearch.Core.Ingest;
using CarSearch.Core.Ingest.Reindex;
using CarSearch.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CarSearch.Functions.Http;

/// <summary>The ingest status and the re-index, the operators' routes.</summary>
public sealed class IngestApiFunctions(IIngestStatusReader status, IReindexScheduler reindex)
{
    [Function(nameof(CarSearchApi.GetIngestStatus))]
    public async Task<IResult> GetIngestStatus(
        [HttpTrigger(FunctionAuthorization.Operator, "get", Route = FunctionRoutes.IngestStatus)] HttpRequest request) =>
        await CarSearchApi.GetIngestStatus(status, request.HttpContext.RequestAborted);

    [Function(nameof(CarSearchApi.StartReindex))]
    public async Task<IResult> StartReindex(
        [HttpTrigger(FunctionAuthorization.Admin, "post", Route = FunctionRoutes.Reindex)] HttpRequest request) =>
        await CarSearchApi.StartReindex(request, reindex, request.HttpContext.RequestAborted);
}
