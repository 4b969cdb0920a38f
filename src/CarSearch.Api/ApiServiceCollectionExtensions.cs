using CarSearch.Api.Http;
using CarSearch.Core.Search;
using CarSearch.Core.Storage;
using CarSearch.Core.Thumbnails;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarSearch.Api;

/// <summary>Registers what the HTTP API needs besides the services it searches and reports on.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ApiOptions"/> (<c>CarSearch:Api</c>), registers the search service
    /// (<see cref="SearchServiceCollectionExtensions.AddCarSearchSearch"/>), the thumbnails' rules
    /// (<see cref="ThumbnailServiceCollectionExtensions.AddCarSearchThumbnails"/>) and problem details, so every error,
    /// including an unknown route or an unhandled exception, answers <c>application/problem+json</c>. The host
    /// registers the rest: <c>IClipEmbedder</c>, <c>IVectorIndex</c>, <c>IImageStore</c>, <c>IThumbnailStore</c>, <c>IIngestStatusReader</c>
    /// and <c>IReindexScheduler</c>.
    /// </summary>
    public static IServiceCollection AddCarSearchApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiOptions>()
            .Bind(configuration.GetSection(ApiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddCarSearchSearch(configuration);
        services.AddCarSearchThumbnails();
        services.TryAddSingleton<StorageAvailability>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ApiProblems.FillFrameworkDetail);
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ApiOptions>>((cors, api) => cors.AddPolicy(
            ApiApplicationBuilderExtensions.CorsPolicy,
            policy => policy.WithOrigins([.. api.Value.CorsOrigins]).WithMethods("GET", "POST").AllowAnyHeader()));
        return services;
    }
}
