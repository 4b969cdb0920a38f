using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Cosmos.Configuration;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarSearch.Cosmos;

/// <summary>Registers the vector index the configuration chooses (<c>CarSearch:Index:Kind</c>).</summary>
public static class VectorIndexServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IVectorIndex"/> the configuration chooses, each registration binding
    /// <see cref="IndexOptions"/> from <c>CarSearch:Index</c>: the embedded index for <c>local</c> (default),
    /// <see cref="CosmosVectorIndex"/> for <c>cosmos</c>. The options are validated at start; an unknown kind fails
    /// here, listing the valid ones.
    /// </summary>
    public static IServiceCollection AddCarSearchVectorIndex(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<IndexOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IndexOptions>, IndexOptionsValidator>());

        var configuredKind = configuration.GetSection(IndexOptions.SectionName)[nameof(IndexOptions.Kind)];
        switch (IndexOptionsValidator.NormalizeKind(configuredKind))
        {
            case IndexOptions.LocalKind:
                return services.AddEmbeddedVectorIndex(configuration);
            case IndexOptions.CosmosKind:
                return services.AddCosmosVectorIndex(configuration);
            default:
                throw new OptionsValidationException(
                    IndexOptions.SectionName, typeof(IndexOptions), [IndexOptionsValidator.UnknownKindMessage(configuredKind)]);
        }
    }

    /// <summary>
    /// Binds <see cref="IndexOptions"/> from <c>CarSearch:Index</c> and registers <see cref="CosmosVectorIndex"/> and
    /// the shared <see cref="CosmosClient"/> over them. Call <see cref="IVectorIndex.InitializeAsync"/> once at start.
    /// </summary>
    public static IServiceCollection AddCosmosVectorIndex(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IndexOptions>().Bind(configuration.GetSection(IndexOptions.SectionName));
        services.TryAddSingleton(sp => CosmosClientFactory.Create(
            sp.GetRequiredService<IOptions<IndexOptions>>().Value.Cosmos));
        services.TryAddSingleton<IVectorIndex, CosmosVectorIndex>();
        return services;
    }
}
