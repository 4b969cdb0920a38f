using CarSearch.Core.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CarSearch.Core.Ingest;

/// <summary>Registers the ingest services both hosts call.</summary>
public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="IngestOptions"/> from <c>CarSearch:Ingest</c> (validated at start) and registers, one each:
    /// <see cref="IngestService"/>, <see cref="ImageEmbeddingBatcher"/>, <see cref="ReconciliationService"/>,
    /// <see cref="ReindexService"/> (also as <see cref="IReindexScheduler"/>), <see cref="IngestStatusReader"/>
    /// (also as <see cref="IIngestStatusReader"/>) and <see cref="IngestActivity"/>. Needs, from elsewhere: an
    /// <see cref="Index.IVectorIndex"/>, an <see cref="Storage.IImageStore"/> and an <see cref="IIngestLedger"/>
    /// (<c>AddCarSearchStorage</c>), and the embedder (<see cref="EmbeddingServiceCollectionExtensions.AddCarSearchEmbeddings"/>).
    /// </summary>
    public static IServiceCollection AddCarSearchIngest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IngestActivity>();
        services.TryAddSingleton<ImageEmbeddingBatcher>();
        services.TryAddSingleton<IngestService>();
        services.TryAddSingleton<ReconciliationService>();
        services.TryAddSingleton<ReindexService>();
        services.TryAddSingleton<IReindexScheduler>(provider => provider.GetRequiredService<ReindexService>());
        services.TryAddSingleton<IngestStatusReader>();
        services.TryAddSingleton<IIngestStatusReader>(provider => provider.GetRequiredService<IngestStatusReader>());
        return services;
    }
}
