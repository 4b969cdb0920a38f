using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Facets;

/// <summary>Registers the facet classifier the ingest and the re-index share.</summary>
public static class FacetServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="FacetOptions"/> from <c>CarSearch:Facets</c> (validated at start) and registers one
    /// <see cref="FacetClassifier"/>, however many callers ask. Needs an <see cref="Embeddings.IClipEmbedder"/>.
    /// </summary>
    public static IServiceCollection AddCarSearchFacets(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(service => service.ServiceType == typeof(FacetClassifier)))
        {
            return services;
        }

        services.AddOptions<FacetOptions>().Bind(configuration.GetSection(FacetOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FacetOptions>, FacetOptionsValidator>());
        services.TryAddSingleton<FacetClassifier>();
        return services;
    }
}
