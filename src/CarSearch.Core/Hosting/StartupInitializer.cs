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
/// (Cosmos DB) the vector index; meanwhile loads the model in the background and runs the text tower once, so the first
/// search or upload waits for neither. Register it with <c>AddHostedService</c>.
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
        // Not awaited, and started first: loading both towers takes seconds of one core each, while the host's own start
        // (storage, index, Kestrel, the code's first compilation) mostly waits or runs on one; a request that needs the
        // model meanwhile waits for the same singleton. A missing model is reported here and by the first call needing it.
        _ = Task.Run(WarmUpModel, CancellationToken.None);
        await store.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        await index.InitializeAsync(cancellationToken).ConfigureAwait(false);
        _logger.StorageAndIndexReady(index.Kind);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What the text tower first runs on: any short text does.</summary>
    internal const string WarmUpText = "a photo of a car";

    private void WarmUpModel()
    {
        try
        {
            var embedder = services.GetRequiredService<IClipEmbedder>();
            _logger.ModelLoaded(embedder.ModelId);

            // ONNX Runtime's first run of a session allocates its buffers and picks its kernels; paid here, not by the
            // first shopper's search.
            embedder.EmbedTexts([WarmUpText]);
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
