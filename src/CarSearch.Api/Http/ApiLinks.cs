using Microsoft.AspNetCore.Http;

namespace CarSearch.Api.Http;

/// <summary>Links the API hands out, built from the route table so a route and its links cannot drift apart.</summary>
internal static class ApiLinks
{
    /// <summary>The root-relative URL of <paramref name="route"/> for the image <paramref name="id"/>, e.g. <c>/api/images/car.jpg/content</c>.</summary>
    public static string To(HttpRequest request, string route, string id) =>
        $"{request.PathBase}/{ApiRoutes.Prefix}/{route.Replace("{" + ApiRoutes.IdParameter + "}", Uri.EscapeDataString(id), StringComparison.Ordinal)}";

    /// <summary>The root-relative URL of a route without parameters.</summary>
    public static string To(HttpRequest request, string route) => $"{request.PathBase}/{ApiRoutes.Prefix}/{route}";
}
