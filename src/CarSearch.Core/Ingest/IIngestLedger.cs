namespace CarSearch.Core.Ingest;

/// <summary>
/// Where ingest failures live, shared by every instance of the app and kept across restarts (blobs beside the
/// images in Azure and on Azurite). At most <see cref="IngestOptions.MaxFailuresKept"/> are kept, newest first.
/// </summary>
/// <remarks>
/// <see cref="IngestFailure.At"/> is when the failure was recorded on the store's own clock (the clock that stamps
/// images' <see cref="Storage.StoredImageInfo.LastModified"/>), so reconciliation can tell whether an image was
/// uploaded again after it failed without trusting the app's clock to agree with the storage service.
/// </remarks>
public interface IIngestLedger
{
    /// <summary>Records (or replaces) the failure of the image <paramref name="name"/> at <paramref name="version"/>.</summary>
    Task RecordAsync(
        string name, string? version, IngestFailureKind kind, string reason, CancellationToken cancellationToken = default);

    /// <summary>Forgets the failure of <paramref name="name"/>; false when there was none.</summary>
    Task<bool> ClearAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every failure kept, newest first.</summary>
    Task<IReadOnlyList<IngestFailure>> ListAsync(CancellationToken cancellationToken = default);
}
