using CarSearch.Core.Ingest;
using CarSearch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace CarSearch.Functions.Ingest;

/// <summary>
/// Repairs drift between the container and the index on a timer (app setting <c>ReconcileSchedule</c>): uploads whose
/// event never came are indexed, documents whose blob is gone are removed. A failure throws; the next run repairs.
/// </summary>
public sealed class Reconcile(ReconciliationService reconciliation)
{
    [Function(nameof(Reconcile))]
    public Task Run(
        [TimerTrigger(FunctionSettings.ReconcileSchedule)] TimerInfo timer,
        CancellationToken cancellationToken) =>
        reconciliation.RunAsync(cancellationToken);
}
