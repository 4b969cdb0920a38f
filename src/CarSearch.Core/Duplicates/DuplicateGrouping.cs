using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Duplicates;

/// <summary>
/// The ingest's side of <see cref="DuplicateRule"/>: decides each new embedding's group and keeps groups whole when a
/// representative is re-ingested or removed. Decisions are taken one at a time per process, each against the index and
/// against the images this process has decided on but not yet written, so copies ingested together are grouped too.
/// </summary>
/// <remarks>
/// One decision costs one small vector query (and a read per candidate at or above the threshold). Instances of a
/// scaled-out Functions app decide independently: two copies ingested at the same moment on two instances may both
/// stay ungrouped until a re-index.
/// </remarks>
public sealed class DuplicateGrouping : IDisposable
{
    /// <summary>Candidates read at or above the threshold: the best of another model is passed over for the next.</summary>
    private const int Candidates = 4;

    private readonly IVectorIndex _index;
    private readonly double _threshold;
    private readonly SemaphoreSlim _decisions = new(1, 1);
    private readonly List<Decided> _unwritten = [];

    public DuplicateGrouping(IVectorIndex index, IOptions<IngestOptions> options)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(options);
        _index = index;
        _threshold = options.Value.DuplicateThreshold;
    }

    /// <summary>
    /// The group an image joins, from its new embedding: the group of the most similar indexed image (another id, the
    /// same model) when the cosine is at least the threshold. <paramref name="previous"/> is the image's document before
    /// this ingest: if it represented a group and the image no longer matches its own members, they get a successor
    /// (or follow it into the group it joins). Write the document, then dispose the placement.
    /// </summary>
    public async Task<DuplicatePlacement> PlaceAsync(
        string id, string modelId, float[] embedding, ImageDocument? previous, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(embedding);
        await _decisions.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var group = await NearestGroupAsync(id, modelId, embedding, cancellationToken).ConfigureAwait(false);
            // Its own group: the nearest image is one of its duplicates, so it stays their representative.
            var duplicateOf = group == id ? null : group;
            if (previous is { DuplicateOf: null } && group != id)
            {
                await HandOverAsync(id, duplicateOf, cancellationToken).ConfigureAwait(false);
            }

            var decided = new Decided(id, modelId, embedding, DuplicateRule.GroupOf(id, duplicateOf));
            lock (_unwritten)
            {
                _unwritten.Add(decided);
            }

            return new DuplicatePlacement(duplicateOf, () =>
            {
                lock (_unwritten)
                {
                    _unwritten.Remove(decided);
                }
            });
        }
        finally
        {
            _decisions.Release();
        }
    }

    /// <summary>
    /// Deletes the image's document; if it represented a group, the group first gets a successor, so every
    /// <see cref="ImageDocument.DuplicateOf"/> keeps naming an indexed image. False when there was no document.
    /// </summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await _decisions.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _index.GetAsync(id, cancellationToken).ConfigureAwait(false) is { DuplicateOf: null })
            {
                await HandOverAsync(id, null, cancellationToken).ConfigureAwait(false);
            }

            return await _index.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _decisions.Release();
        }
    }

    public void Dispose() => _decisions.Dispose();

    private async Task<string?> NearestGroupAsync(string id, string modelId, float[] embedding, CancellationToken cancellationToken)
    {
        (double Score, string Id, string Group)? best = null;
        var candidates = await _index.SearchAsync(
            new VectorQuery(embedding, Candidates, ExcludeIds: [id], MinScore: _threshold), cancellationToken).ConfigureAwait(false);
        foreach (var hit in candidates.Hits)
        {
            // Vectors of another model (mid re-index) live in another space: their cosine means nothing.
            if (await _index.GetAsync(hit.Id, cancellationToken).ConfigureAwait(false) is { } document && document.ModelId == modelId)
            {
                best = (hit.Score, hit.Id, DuplicateRule.GroupOf(document));
                break;
            }
        }

        lock (_unwritten)
        {
            foreach (var other in _unwritten)
            {
                var score = DuplicateRule.Cosine(embedding, other.Embedding);
                if (other.Id != id && other.ModelId == modelId && score >= _threshold
                    && (best is not { } current || SearchOrder.Compare(score, other.Id, current.Score, current.Id) < 0))
                {
                    best = (score, other.Id, other.Group);
                }
            }
        }

        return best?.Group;
    }

    /// <summary>
    /// The members of <paramref name="representative"/>'s group move to <paramref name="group"/>, or, when null, to
    /// the <see cref="DuplicateRule.SuccessorOf">successor</see> among them, written first so the group never names a
    /// document that is itself a duplicate.
    /// </summary>
    private async Task HandOverAsync(string representative, string? group, CancellationToken cancellationToken)
    {
        var members = (await _index.ListDuplicatesAsync([representative], cancellationToken).ConfigureAwait(false))
            .Where(member => member.Id != representative)
            .ToList();
        if (members.Count == 0)
        {
            return;
        }

        var target = group ?? DuplicateRule.SuccessorOf(members).Id;
        foreach (var member in members.OrderBy(member => member.Id == target ? 0 : 1))
        {
            await _index.UpsertAsync(member with { DuplicateOf = member.Id == target ? null : target }, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private sealed record Decided(string Id, string ModelId, float[] Embedding, string Group);
}
