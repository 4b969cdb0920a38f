using CarSearch.Api.Web;
using CarSearch.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CarSearch.Functions.Http;

/// <summary>The search page at <c>/</c> and its files, as <c>carsearch serve</c> answers them.</summary>
public sealed class WebPageFunction
{
    /// <param name="request">The request, for its path, query and conditional headers.</param>
    /// <param name="path">
    /// The page's file (<c>js/main.js</c>); the route's default, <see cref="CarSearchWebPage.PageFile"/>, at <c>/</c>.
    /// </param>
    [Function(nameof(WebPage))]
    public IResult WebPage(
        [HttpTrigger(FunctionAuthorization.Page, "get", Route = FunctionRoutes.WebPage)] HttpRequest request,
        string? path) =>
        CarSearchWebPage.Serve(request, path);
}
