using CarSearch.Core.Index;
using CarSearch.Core.Storage;
using Microsoft.Extensions.Hosting;

namespace CarSearch.Core.Ingest;

/// <summary>
/// Creates the images' container if it is missing and opens the index when the host starts, before any trigger,
/// reconciliation or request needs them. Both hosts register it first (<c>AddHostedService</c>), so a storage account
/// or an index that cannot be reached stops the start with its own error instead of failing every later call.
/// </summary>
public sealed class StorageAndIndexInitializer(IImageStore store, IVectorIndex index) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        await index.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
