using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CarSearch.Core.Search;

/// <summary>Registers the search service.</summary>
public static class SearchServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="SearchOptions"/> from <c>CarSearch:Search</c> and registers one
    /// <see cref="SearchService"/> and <see cref="ScoreCalibrator"/>. The host registers what it searches with: an
    /// <see cref="Embeddings.IClipEmbedder"/> and an <see cref="Index.IVectorIndex"/>.
    /// </summary>
    public static IServiceCollection AddCarSearchSearch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SearchOptions>()
            .Bind(configuration.GetSection(SearchOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<SearchService>();
        services.TryAddSingleton<ScoreCalibrator>();
        return services;
    }
}
