using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CarSearch.Core.Index.Embedded;

/// <summary>Registers the embedded index as the <see cref="IVectorIndex"/>.</summary>
public static class EmbeddedIndexServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="IndexOptions"/> from <c>CarSearch:Index</c> (validated at start) and registers one
    /// <see cref="EmbeddedVectorIndex"/> per container (it owns its directory's lock), also as
    /// <see cref="IVectorIndex"/>; the container disposes it. A host that always runs the embedded index (the local
    /// host) calls this directly; one that lets the configuration choose calls it for <c>local</c>.
    /// </summary>
    public static IServiceCollection AddEmbeddedVectorIndex(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddIndexOptions(configuration);
        services.TryAddSingleton<EmbeddedVectorIndex>();
        services.TryAddSingleton<IVectorIndex>(provider => provider.GetRequiredService<EmbeddedVectorIndex>());
        return services;
    }
}
