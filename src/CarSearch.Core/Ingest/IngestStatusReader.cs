using CarSearch.Core.Index;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest;

/// <summary>
/// The ingest status: <c>indexed</c> is the index's document count and <c>failed</c> the failures kept in the
/// shared ledger (both the same on every instance); <c>pending</c> is this process's ingests in flight plus the
/// images its last reconciliation found missing and has not started (see <see cref="IngestActivity"/>).
/// </summary>
public sealed class IngestStatusReader : IIngestStatusReader
{
    private readonly IVectorIndex _index;
    private readonly IIngestLedger _ledger;
    private readonly IngestActivity _activity;
    private readonly ReindexService _reindex;
    private readonly int _maxFailuresReported;

    public IngestStatusReader(
        IVectorIndex index, IIngestLedger ledger, IngestActivity activity, ReindexService reindex, IOptions<IngestOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _index = index;
        _ledger = ledger;
        _activity = activity;
        _reindex = reindex;
        _maxFailuresReported = options.Value.MaxFailuresReported;
    }

    public async Task<IngestStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var indexed = await _index.CountAsync(cancellationToken).ConfigureAwait(false);
        var failures = await _ledger.ListAsync(cancellationToken).ConfigureAwait(false);
        return new IngestStatus(
            indexed,
            failures.Count,
            _activity.Pending,
            failures.Count <= _maxFailuresReported ? failures : [.. failures.Take(_maxFailuresReported)],
            _reindex.Progress);
    }
}
