using CarSearch.Core.Ingest;
using Microsoft.Extensions.Options;

namespace CarSearch.Storage;

/// <summary>
/// What both hosts do with a message of the blob trigger's poison queue: read it, keep only blobs of the images'
/// container (the queue is shared by every blob trigger on the account), and record the blob as given up, so the
/// ingest status shows it. A later successful ingest (an upload again, reconciliation) clears it.
/// </summary>
public sealed class PoisonedBlobRecorder(IngestService ingest, IOptions<StorageOptions> storage)
{
    /// <summary>What the status says: rejections never get here, so every attempt failed on something unexpected.</summary>
    public const string Reason =
        "every attempt failed with an error of storage, the index or the model; the IngestImage function's logs hold each one";

    /// <summary>Records the blob the message names after <paramref name="attempts"/> failed attempts.</summary>
    public async Task<PoisonMessageOutcome> RecordAsync(string message, int attempts, CancellationToken cancellationToken = default)
    {
        if (BlobTriggerPoisonMessage.TryParse(message) is not { } poisoned)
        {
            return PoisonMessageOutcome.Unreadable;
        }

        if (!string.Equals(poisoned.ContainerName, storage.Value.Container, StringComparison.Ordinal))
        {
            return PoisonMessageOutcome.OtherContainer;
        }

        await ingest.RecordGaveUpAsync(poisoned.BlobName, attempts, Reason, cancellationToken).ConfigureAwait(false);
        return PoisonMessageOutcome.Recorded;
    }
}

/// <summary>What <see cref="PoisonedBlobRecorder.RecordAsync"/> did with a message; the host logs the ones it dropped.</summary>
public enum PoisonMessageOutcome
{
    Recorded,

    /// <summary>Not a poison message of the blob trigger; retrying cannot make it readable, so it is dropped.</summary>
    Unreadable,

    /// <summary>A blob of another container: not ours to record.</summary>
    OtherContainer,
}
