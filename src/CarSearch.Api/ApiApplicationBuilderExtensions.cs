using Microsoft.AspNetCore.Builder;

namespace CarSearch.Api;

/// <summary>The middleware the local host puts before <see cref="CarSearchApi.MapCarSearchApi"/>.</summary>
public static class ApiApplicationBuilderExtensions
{
    /// <summary>The CORS policy made of <see cref="ApiOptions.CorsOrigins"/>.</summary>
    public const string CorsPolicy = "CarSearch";

    /// <summary>
    /// Unhandled exceptions become a 500 problem without internals, and empty error answers (unknown route 404, wrong
    /// method 405) become problems too. Needs <see cref="ApiServiceCollectionExtensions.AddCarSearchApi"/>.
    /// </summary>
    public static IApplicationBuilder UseCarSearchErrorHandling(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// Cross-origin access for the origins in <see cref="ApiOptions.CorsOrigins"/> only; with none configured, no
    /// response carries <c>Access-Control-Allow-Origin</c>, so other sites' pages cannot read the API.
    /// </summary>
    public static IApplicationBuilder UseCarSearchCors(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseCors(CorsPolicy);
    }
}
