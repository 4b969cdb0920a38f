using CarSearch.Core.Index;
using CarSearch.Cosmos.Configuration;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarSearch.Cosmos;

/// <summary>Registers the Cosmos DB index as the <see cref="IVectorIndex"/>.</summary>
public static class CosmosIndexServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="IndexOptions"/> from <c>CarSearch:Index</c> (validated at start: Core's rules and the Cosmos DB
    /// settings) and registers <see cref="CosmosVectorIndex"/> and the shared <see cref="CosmosClient"/> over them.
    /// Call <see cref="IVectorIndex.InitializeAsync"/> once at start. Which index a host runs is the host's choice.
    /// </summary>
    public static IServiceCollection AddCosmosVectorIndex(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddIndexOptions(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IndexOptions>, CosmosIndexOptionsValidator>());
        services.TryAddSingleton(sp => CosmosClientFactory.Create(
            sp.GetRequiredService<IOptions<IndexOptions>>().Value.Cosmos));
        services.TryAddSingleton<IVectorIndex, CosmosVectorIndex>();
        return services;
    }
}
