using CarSearch.Core.Embeddings;
using CarSearch.Core.Index;
using CarSearch.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CarSearch.Core.Hosting;

/// <summary>
/// What every host does before it serves: creates the image container if it is missing and opens (embedded) or checks
/// (Cosmos DB) the vector index; once the host has started, loads the model in the background so the first search or
/// upload does not wait for it. Register it with <c>AddHostedService</c>.
/// </summary>
/// <remarks>
/// The work runs in <see cref="StartingAsync"/>, before any hosted service's <c>StartAsync</c>, so neither Kestrel nor
/// the Functions worker's connection to its host takes requests against a missing container or an index made for
/// another model. A failure stops the host with the message that names the problem.
/// </remarks>
public sealed class StartupInitializer(
    IImageStore store,
    IVectorIndex index,
    IServiceProvider services,
    ILogger<StartupInitializer>? logger = null) : IHostedLifecycleService
{
    private readonly ILogger _logger = logger ?? NullLogger<StartupInitializer>.Instance;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await store.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        await index.InitializeAsync(cancellationToken).ConfigureAwait(false);
        _logger.StorageAndIndexReady(index.Kind);
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        // Not awaited: loading both towers takes seconds, and a request that needs the model meanwhile simply waits
        // for the same singleton. A missing model is reported here and again by the first call that needs it.
        _ = Task.Run(WarmUpModel, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void WarmUpModel()
    {
        try
        {
            var embedder = services.GetRequiredService<IClipEmbedder>();
            _logger.ModelLoaded(embedder.ModelId);
        }
        catch (ObjectDisposedException)
        {
            // The host stopped before the model finished loading.
        }
        catch (Exception ex)
        {
            _logger.ModelLoadFailed(ex);
        }
    }
}
