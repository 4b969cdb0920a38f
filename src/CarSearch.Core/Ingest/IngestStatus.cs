using System.Text.Json.Serialization;
using CarSearch.Core.Ingest.Reindex;

namespace CarSearch.Core.Ingest;

/// <summary>What <c>GET /api/ingest/status</c> answers.</summary>
/// <param name="Indexed">Documents in the index; null while the index cannot be reached.</param>
/// <param name="Failed">Images that could not be indexed (see <paramref name="Failures"/>).</param>
/// <param name="Pending">
/// Images stored but neither indexed at their current version nor failed, as of <paramref name="ScannedAt"/> (less
/// those finished since); null when the container has not been scanned yet.
/// </param>
/// <param name="Failures">The most recent failures, newest first.</param>
/// <param name="Reindex">The running or last re-index, if any.</param>
/// <param name="ScannedAt">When the scan behind <paramref name="Pending"/> was made.</param>
/// <param name="Storage">Whether the image storage answered when last asked.</param>
public sealed record IngestStatus(
    long? Indexed,
    long Failed,
    long? Pending,
    IReadOnlyList<IngestFailure> Failures,
    ReindexProgress? Reindex = null,
    DateTimeOffset? ScannedAt = null,
    StorageStatus? Storage = null);

/// <summary>The image storage as the status and health routes report it.</summary>
/// <param name="State"><c>ok</c>, <c>unreachable</c> or <c>unknown</c> (not asked yet).</param>
/// <param name="Since">Since when it is in that state.</param>
/// <param name="Problem">Why it is unreachable.</param>
/// <param name="CheckedAt">When storage last answered or failed to: how old the state is.</param>
public sealed record StorageStatus(string State, DateTimeOffset? Since = null, string? Problem = null, DateTimeOffset? CheckedAt = null)
{
    public const string Ok = "ok";

    public const string Unreachable = "unreachable";

    public const string Unknown = "unknown";

    public static StorageStatus From(Storage.StorageState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Reachable switch
        {
            true => new StorageStatus(Ok, state.Since, CheckedAt: state.CheckedAt),
            false => new StorageStatus(Unreachable, state.Since, state.Problem, state.CheckedAt),
            null => new StorageStatus(Unknown),
        };
    }
}

/// <summary>One image that could not be indexed, and why.</summary>
/// <param name="At">When it was recorded, on the store's clock (see <see cref="IIngestLedger"/>).</param>
/// <param name="Kind">Whether the image itself is unusable, or every attempt failed on something else.</param>
/// <param name="Version">The stored image's version that failed; null when unknown (recorded before versions were kept).</param>
public sealed record IngestFailure(
    string Name,
    string Reason,
    DateTimeOffset At,
    IngestFailureKind Kind = IngestFailureKind.Rejected,
    [property: JsonIgnore] string? Version = null);

/// <summary>Why an image is in the failures.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IngestFailureKind>))]
public enum IngestFailureKind
{
    /// <summary>Not a usable image (too large, truncated, not an image, ...): tried again only when uploaded again.</summary>
    Rejected,

    /// <summary>
    /// Every attempt failed on storage, the index or the model, not on the image: reconciliation tries it again
    /// once <see cref="IngestOptions.RetryGaveUpAfter"/> has passed.
    /// </summary>
    GaveUp,
}
