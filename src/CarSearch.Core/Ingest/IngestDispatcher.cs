using System.Collections.Concurrent;
using CarSearch.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest;

/// <summary>
/// Runs the ingests a scan found pending, each image once at a time however many scans list it, and gives an image up
/// after <see cref="IngestOptions.MaxAttempts"/> failed attempts at one version (recorded as
/// <see cref="IngestFailureKind.GaveUp"/>, so the status shows it and reconciliation tries it again later). A failed
/// attempt is not retried here: the image is still pending, so the next scan hands it over again. An attempt that
/// fails because storage cannot be reached (or refuses us), or while storage is known to be down, is not counted: an
/// outage must not use up an image's attempts. What a
/// trigger's retries and poison queue do for the Functions host, this does for hosts that discover images by scanning.
/// </summary>
public sealed class IngestDispatcher(
    IngestService ingest,
    StorageAvailability availability,
    IOptions<IngestOptions> options,
    ILogger<IngestDispatcher>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<IngestDispatcher>.Instance;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<IngestOutcome?>> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Name, string Version), int> _failedAttempts = new();

    /// <summary>Ingests queued or running.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>
    /// Starts the ingest of <paramref name="image"/> unless one of that name is queued or running, and returns the
    /// running one's task. The task never faults: it gives the outcome, or null when this attempt failed.
    /// </summary>
    public Task<IngestOutcome?> Enqueue(ListedImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        lock (_gate)
        {
            if (!_running.TryGetValue(image.Name, out var task))
            {
                // On the thread pool, so the ingest's own clean-up (under this lock) always comes after this entry.
                task = Task.Run(() => RunAsync(image, cancellationToken), CancellationToken.None);
                _running[image.Name] = task;
            }

            return task;
        }
    }

    private async Task<IngestOutcome?> RunAsync(ListedImage image, CancellationToken cancellationToken)
    {
        var attempt = (image.Name, image.Info.Version);
        try
        {
            var outcome = await ingest.IngestListedAsync(image, cancellationToken).ConfigureAwait(false);
            _failedAttempts.TryRemove(attempt, out _);
            return outcome;
        }
        catch (StorageUnavailableException unavailable) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage could not be reached or refused us: not the image's fault, so no attempt is spent and it stays
            // pending. Reported, so the outage is logged once (however many ingests were under way when storage
            // went) and the status says so before the next scan does.
            availability.ReportUnreachable(unavailable);
            return null;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && availability.Current.Reachable == false)
        {
            // Storage is down (a scan saw it): not the image's fault, so no attempt is spent; it stays pending.
            return null;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            var attempts = _failedAttempts.AddOrUpdate(attempt, 1, (_, count) => count + 1);
            if (attempts < options.Value.MaxAttempts)
            {
                _logger.AttemptFailed(error, image.Name, attempts, options.Value.MaxAttempts);
                return null;
            }

            await GiveUpAsync(image, attempts, error, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping; the image is still pending and the next run finds it.
            return null;
        }
        finally
        {
            lock (_gate)
            {
                _running.Remove(image.Name);
            }
        }
    }

    private async Task GiveUpAsync(ListedImage image, int attempts, Exception lastError, CancellationToken cancellationToken)
    {
        _logger.AttemptFailed(lastError, image.Name, attempts, options.Value.MaxAttempts);
        try
        {
            await ingest.RecordGaveUpAsync(
                image.Name, image.Info.Version, attempts, IngestService.GaveUpReason, cancellationToken).ConfigureAwait(false);
            _failedAttempts.TryRemove((image.Name, image.Info.Version), out _);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage is failing too: the image stays pending and the next scan brings it back here.
            _logger.GiveUpNotRecorded(error, image.Name);
        }
    }
}
