using CarSearch.Core.Facets;
using CarSearch.Core.Duplicates;
using CarSearch.Core.Hosting;
using CarSearch.Core.Ingest.Reindex;
using CarSearch.Core.Storage;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Thumbnails;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CarSearch.Core.Ingest;

/// <summary>Registers the ingest services both hosts call.</summary>
public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="IngestOptions"/> from <c>CarSearch:Ingest</c> (validated at start) and registers, one each:
    /// <see cref="IngestService"/>, <see cref="DuplicateGrouping"/>, <see cref="ImageEmbeddingBatcher"/>, <see cref="ContainerScanner"/>,
    /// <see cref="IngestBacklog"/>, <see cref="ThumbnailService"/>, <see cref="FacetClassifier"/> (with its options from
    /// <c>CarSearch:Facets</c>), <see cref="IngestDispatcher"/>, <see cref="ReconciliationService"/>,
    /// <see cref="StorageAvailability"/>, <see cref="ReindexService"/> (also as <see cref="IReindexScheduler"/>) and
    /// <see cref="IngestStatusReader"/> (also as <see cref="IIngestStatusReader"/>). A host without blob events adds
    /// <c>AddHostedService&lt;ContainerWatcher&gt;()</c>. Needs, from elsewhere: the re-index's
    /// <see cref="IReindexJobs"/> and <see cref="IReindexBatchSender"/> (<c>AddCarSearchStorage</c>), an
    /// <see cref="Index.IVectorIndex"/>, an <see cref="Storage.IImageStore"/>, an <see cref="IThumbnailStore"/> and an
    /// <see cref="IIngestLedger"/> (<c>AddCarSearchStorage</c>), and the embedder (<see cref="EmbeddingServiceCollectionExtensions.AddCarSearchEmbeddings"/>).
    /// </summary>
    public static IServiceCollection AddCarSearchIngest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<IngestOptions>()
            // host.json's count first, so both hosts give up as the blob trigger does; a setting still overrides it.
            .Configure(options => options.MaxAttempts = HostJson.PoisonBlobThreshold(AppContext.BaseDirectory))
            .Bind(configuration.GetSection(IngestOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageAvailability>();
        services.TryAddSingleton<ContainerScanner>();
        services.TryAddSingleton<IngestBacklog>();
        services.TryAddSingleton<ImageEmbeddingBatcher>();
        services.AddCarSearchThumbnails();
        services.AddCarSearchFacets(configuration);
        services.TryAddSingleton<DuplicateGrouping>();
        services.TryAddSingleton<IngestService>();
        services.TryAddSingleton<IngestDispatcher>();
        services.TryAddSingleton<ReconciliationService>();
        services.TryAddSingleton<ReindexService>();
        services.TryAddSingleton<IReindexScheduler>(provider => provider.GetRequiredService<ReindexService>());
        services.TryAddSingleton<IngestStatusReader>();
        services.TryAddSingleton<IIngestStatusReader>(provider => provider.GetRequiredService<IngestStatusReader>());
        return services;
    }
}
