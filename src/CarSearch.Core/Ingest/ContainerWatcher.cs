using CarSearch.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace CarSearch.Core.Ingest;

/// <summary>
/// How a host without blob events sees the container change (<c>carsearch serve</c>): every
/// <see cref="IngestOptions.ReconciliationInterval"/> (seconds; longer while nothing changes in a large container, see
/// <see cref="ScanPacing"/>) it reconciles the container with the index, handing
/// new and overwritten images to the <see cref="IngestDispatcher"/> and removing deleted ones. A listing compares versions,
/// so it misses nothing and re-visits cost nothing. When storage or the index fails it keeps trying with backoff, up
/// to <see cref="MaxBackoff"/>; it never stops the host. Register it with <c>AddHostedService</c>.
/// </summary>
public sealed class ContainerWatcher : BackgroundService
{
    /// <summary>Longest wait between tries while storage is unreachable: how soon after an outage ingest resumes.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly ReconciliationService _reconciliation;
    private readonly StorageAvailability _availability;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly ResiliencePipeline _retry;
    private readonly ScanPacing _pacing;

    public ContainerWatcher(
        ReconciliationService reconciliation,
        StorageAvailability availability,
        IOptions<IngestOptions> options,
        TimeProvider? time = null,
        ILogger<ContainerWatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _reconciliation = reconciliation;
        _availability = availability;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ContainerWatcher>.Instance;
        _interval = options.Value.ReconciliationInterval;
        _pacing = new ScanPacing(_interval);
        _retry = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(error => error is not OperationCanceledException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = _interval < MaxBackoff ? _interval : MaxBackoff,
                MaxDelay = MaxBackoff,
                UseJitter = true,
                OnRetry = arguments =>
                {
                    // A storage outage is logged once by StorageAvailability; anything else once per streak here.
                    if (arguments.AttemptNumber == 0 && _availability.Current.Reachable != false)
                    {
                        _logger.ScanFailed(arguments.Outcome.Exception!);
                    }

                    return default;
                },
            })
            .Build();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wait = await _retry.ExecuteAsync(
                    async token =>
                    {
                        var started = _time.GetTimestamp();
                        var (scan, ingests, _) = await _reconciliation.ScanAndDispatchAsync(token).ConfigureAwait(false);
                        return _pacing.WaitAfter(_time.GetElapsedTime(started), ingests.Count > 0 || scan.Orphans.Count > 0);
                    },
                    stoppingToken).ConfigureAwait(false);
                await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
