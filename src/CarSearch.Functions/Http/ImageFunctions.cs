using CarSearch.Api;
using CarSearch.Core.Search;
using CarSearch.Core.Storage;
using CarSearch.Core.Thumbnails;
using CarSearch.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CarSearch.Functions.Http;

/// <summary>An indexed image's metadata, bytes, thumbnail and near-duplicates.</summary>
public sealed class ImageFunctions(SearchService search, IImageStore store, ThumbnailService thumbnails)
{
    [Function(nameof(CarSearchApi.GetImage))]
    public async Task<IResult> GetImage(
        [HttpTrigger(FunctionAuthorization.Shopper, "get", Route = FunctionRoutes.Image)] HttpRequest request,
        string id) =>
        await CarSearchApi.GetImage(request, id, search, request.HttpContext.RequestAborted);

    [Function(nameof(CarSearchApi.GetImageContent))]
    public async Task<IResult> GetImageContent(
        [HttpTrigger(FunctionAuthorization.Shopper, "get", Route = FunctionRoutes.ImageContent)] HttpRequest request,
        string id) =>
        await CarSearchApi.GetImageContent(request, id, search, store, request.HttpContext.RequestAborted);

    [Function(nameof(CarSearchApi.GetImageThumbnail))]
    public async Task<IResult> GetImageThumbnail(
        [HttpTrigger(FunctionAuthorization.Shopper, "get", Route = FunctionRoutes.ImageThumbnail)] HttpRequest request,
        string id) =>
        await CarSearchApi.GetImageThumbnail(request, id, search, thumbnails, request.HttpContext.RequestAborted);

    [Function(nameof(CarSearchApi.GetImageDuplicates))]
    public async Task<IResult> GetImageDuplicates(
        [HttpTrigger(FunctionAuthorization.Shopper, "get", Route = FunctionRoutes.ImageDuplicates)] HttpRequest request,
        string id) =>
        await CarSearchApi.GetImageDuplicates(request, id, search, request.HttpContext.RequestAborted);
}
