using CarSearch.Core.Ingest;
using CarSearch.Core.Ingest.Reindex;

namespace CarSearch.Api.Tests.Infrastructure;

/// <summary>An ingest status the tests set, or a failure they make it throw.</summary>
public sealed class FakeIngestStatusReader : IIngestStatusReader
{
    public IngestStatus Status { get; set; } = new(0, 0, 0, []);

    /// <summary>When set, reading the status throws it (an unexpected failure).</summary>
    public Exception? Failure { get; set; }

    public Task<IngestStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        Failure is null ? Task.FromResult(Status) : Task.FromException<IngestStatus>(Failure);
}

/// <summary>Records re-index requests and answers a progress made from them.</summary>
public sealed class FakeReindexScheduler : IReindexScheduler
{
    private readonly List<bool> _requests = [];

    public IReadOnlyList<bool> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public Task<ReindexProgress> StartAsync(bool force, CancellationToken cancellationToken = default)
    {
        lock (_requests)
        {
            _requests.Add(force);
        }

        return Task.FromResult(new ReindexProgress(Running: true, force, Total: 11, Done: 0, Failed: 0, DateTimeOffset.UnixEpoch, FinishedAt: null));
    }
}
