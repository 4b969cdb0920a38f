using System.Text;
using CarSearch.Functions.Http;
using CarSearch.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CarSearch.Functions.Tests;

/// <summary>Every error a caller can cause answers a problem+json that names it, through the functions as through the local host.</summary>
[Collection(WithAzurite.Name)]
public sealed class HttpErrorTests(FunctionsEnvironment environment)
{
    private const string UnknownId = "no-such-image";

    private FunctionsTestHost Kit => environment.Kit;

    [Theory]
    [InlineData("search", "q")]
    [InlineData("search?q=", "q")]
    [InlineData("search?q=%20%20", "q")]
    [InlineData("search?q=red&top=0", "top")]
    [InlineData("search?q=red&top=101", "top")]
    [InlineData("search?q=red&top=ten", "top")]
    public async Task ABadTextSearchIsABadRequest(string pathAndQuery, string named)
    {
        var answer = await Kit.HttpAsync<SearchFunctions>("GET", pathAndQuery, (function, request) => function.SearchByText(request));

        answer.AssertProblem(StatusCodes.Status400BadRequest, named);
    }

    [Fact]
    public async Task AnUnknownImageIsNotFoundOnEveryImageRoute()
    {
        var image = await Kit.HttpAsync<ImageFunctions>(
            "GET", $"images/{UnknownId}", (function, request) => function.GetImage(request, UnknownId));
        var content = await Kit.HttpAsync<ImageFunctions>(
            "GET", $"images/{UnknownId}/content", (function, request) => function.GetImageContent(request, UnknownId));
        var thumbnail = await Kit.HttpAsync<ImageFunctions>(
            "GET", $"images/{UnknownId}/thumbnail", (function, request) => function.GetImageThumbnail(request, UnknownId));
        var similar = await Kit.HttpAsync<SearchFunctions>(
            "GET", $"images/{UnknownId}/similar", (function, request) => function.FindSimilar(request, UnknownId));
        var duplicates = await Kit.HttpAsync<ImageFunctions>(
            "GET", $"images/{UnknownId}/duplicates", (function, request) => function.GetImageDuplicates(request, UnknownId));

        image.AssertProblem(StatusCodes.Status404NotFound, UnknownId);
        content.AssertProblem(StatusCodes.Status404NotFound, UnknownId);
        thumbnail.AssertProblem(StatusCodes.Status404NotFound, UnknownId);
        similar.AssertProblem(StatusCodes.Status404NotFound, UnknownId);
        duplicates.AssertProblem(StatusCodes.Status404NotFound, UnknownId);
    }

    [Fact]
    public async Task TextForAPhotoIsAnUnsupportedMediaType()
    {
        var answer = await SearchByImageAsync(Encoding.UTF8.GetBytes("a red car, described rather than photographed"));

        answer.AssertProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    [Fact]
    public async Task APhotoOverTheLimitIsTooLarge()
    {
        var answer = await SearchByImageAsync(new byte[FunctionsTestHost.UploadLimit + 1]);

        answer.AssertProblem(StatusCodes.Status413PayloadTooLarge);
    }

    [Fact]
    public async Task AnEmptyPhotoIsABadRequest()
    {
        var answer = await SearchByImageAsync([]);

        answer.AssertProblem(StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task AReindexWithABadForceIsABadRequest()
    {
        var answer = await Kit.HttpAsync<IngestApiFunctions>(
            "POST", "manage/reindex?force=perhaps", (function, request) => function.StartReindex(request));

        answer.AssertProblem(StatusCodes.Status400BadRequest, "force");
    }

    private Task<HttpAnswer> SearchByImageAsync(byte[] body) =>
        Kit.HttpAsync<SearchFunctions>(
            "POST", "search/image", (function, request) => function.SearchByImage(request), body, "application/octet-stream");
}
