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
    /// Binds <see cref="IndexOptions"/> from <c>CarSearch:Index</c>, validates it at start and registers
    /// <see cref="IVectorIndex"/>: the embedded index for <c>local</c> (default), <see cref="CosmosVectorIndex"/>
    /// for <c>cosmos</c>. An unknown kind fails here, listing the valid ones.
    /// </summary>
    public static IServiceCollection AddCarSearchVectorIndex(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(IndexOptions.SectionName);
        services.AddOptions<IndexOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IndexOptions>, IndexOptionsValidator>());

        var configuredKind = section[nameof(IndexOptions.Kind)];
        switch (IndexOptionsValidator.NormalizeKind(configuredKind))
        {
            case IndexOptions.LocalKind:
                return services.AddEmbeddedVectorIndex();
            case IndexOptions.CosmosKind:
                return services.AddCosmosVectorIndex();
            default:
                throw new OptionsValidationException(
                    IndexOptions.SectionName, typeof(IndexOptions), [IndexOptionsValidator.UnknownKindMessage(configuredKind)]);
        }
    }

    /// <summary>
    /// Registers <see cref="CosmosVectorIndex"/> and the shared <see cref="CosmosClient"/> over the
    /// bound <see cref="IndexOptions"/>. Call <see cref="IVectorIndex.InitializeAsync"/> once at start.
    /// </summary>
    public static IServiceCollection AddCosmosVectorIndex(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => CosmosClientFactory.Create(
            sp.GetRequiredService<IOptions<IndexOptions>>().Value.Cosmos));
        services.TryAddSingleton<IVectorIndex, CosmosVectorIndex>();
        return services;
    }
}
