using CarSearch.Api;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;
using CarSearch.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CarSearch.Functions.Http;

/// <summary>Model id, index kind and document count; 503 when the index cannot be reached.</summary>
public sealed class HealthFunction(IClipEmbedder embedder, IVectorIndex index, ILoggerFactory loggerFactory)
{
    [Function(nameof(CarSearchApi.GetHealth))]
    public async Task<IResult> GetHealth(
        [HttpTrigger(FunctionAuthorization.Probe, "get", Route = FunctionRoutes.Health)] HttpRequest request) =>
        await CarSearchApi.GetHealth(embedder, index, loggerFactory, request.HttpContext.RequestAborted);
}
