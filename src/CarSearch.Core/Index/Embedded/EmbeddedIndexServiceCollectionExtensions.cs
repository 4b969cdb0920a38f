using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CarSearch.Core.Index.Embedded;

/// <summary>Registers the embedded index as the <see cref="IVectorIndex"/>.</summary>
public static class EmbeddedIndexServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="IndexOptions"/> from <c>CarSearch:Index</c> and registers one <see cref="EmbeddedVectorIndex"/>
    /// per container (it owns its directory's lock), also as <see cref="IVectorIndex"/>; the container disposes it.
    /// </summary>
    public static IServiceCollection AddEmbeddedVectorIndex(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IndexOptions>().Bind(configuration.GetSection(IndexOptions.SectionName));
        services.TryAddSingleton<EmbeddedVectorIndex>();
        services.TryAddSingleton<IVectorIndex>(provider => provider.GetRequiredService<EmbeddedVectorIndex>());
        return services;
    }
}
