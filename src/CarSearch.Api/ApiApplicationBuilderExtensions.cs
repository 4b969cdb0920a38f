using Microsoft.AspNetCore.Builder;

namespace CarSearch.Api;

/// <summary>The middleware the local host puts before <see cref="CarSearchApi.MapCarSearchApi"/>.</summary>
public static class ApiApplicationBuilderExtensions
{
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
}
