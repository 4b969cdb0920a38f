using CarSearch.Api;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Hosting;
using CarSearch.Core.Ingest;
using CarSearch.Functions.Ingest;
using CarSearch.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CarSearch.Functions.Hosting;

/// <summary>Everything the Functions app registers; <c>Program.cs</c> and the tests call the same method.</summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedder, the vector index the configuration chooses, blob storage, the ingest services (without
    /// <see cref="ContainerWatcher"/>: blob events and the <see cref="Reconcile"/> timer do its work here), the HTTP API,
    /// the <see cref="StartupInitializer"/>, and what the functions themselves need.
    /// </summary>
    public static IServiceCollection AddCarSearchFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Before the embeddings, which take the host's model search when one is registered.
        services.TryAddSingleton(FunctionsModelSearch.Create());
        services
            .AddCarSearchEmbeddings(configuration)
            .AddCarSearchVectorIndex(configuration)
            .AddCarSearchStorage(configuration)
            .AddCarSearchIngest(configuration)
            .AddCarSearchApi(configuration)
            .AddHostedService<StartupInitializer>();

        // The Azure SDKs log every request at Information; only their warnings (throttling, failures) are worth keeping.
        services.AddLogging(logging => logging
            .AddFilter("Azure.Core", LogLevel.Warning)
            .AddFilter("Azure.Identity", LogLevel.Warning));
        return services;
    }
}
