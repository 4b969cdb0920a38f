using CarSearch.Api;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;
using CarSearch.Core.Storage;
using CarSearch.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CarSearch.Functions.Http;

/// <summary>Model id, index kind, document count and storage; 503 when the index cannot be reached.</summary>
public sealed class HealthFunction(
    IClipEmbedder embedder, IVectorIndex index, StorageAvailability storage, ILoggerFactory loggerFactory)
{
    [Function(nameof(CarSearchApi.GetHealth))]
    public async Task<IResult> GetHealth(
        [HttpTrigger(FunctionAuthorization.Probe, "get", Route = FunctionRoutes.Health)] HttpRequest request) =>
        await CarSearchApi.GetHealth(embedder, index, storage, loggerFactory, request.HttpContext.RequestAborted);
}
