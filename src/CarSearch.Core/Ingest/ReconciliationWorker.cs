using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest;

/// <summary>
/// Runs <see cref="ReconciliationService"/> when the host starts and then every
/// <see cref="IngestOptions.ReconciliationInterval"/>, for hosts without a timer trigger (<c>carsearch serve</c>;
/// the Functions app uses a timer function instead). Register it with <c>AddHostedService</c>.
/// </summary>
public sealed class ReconciliationWorker(
    ReconciliationService reconciliation,
    IOptions<IngestOptions> options,
    TimeProvider? time = null,
    ILogger<ReconciliationWorker>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = logger ?? NullLogger<ReconciliationWorker>.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconciliationInterval, time ?? TimeProvider.System);
        do
        {
            try
            {
                await reconciliation.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage or the index may be down for a while; the next interval tries again.
                _logger.ReconciliationFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
