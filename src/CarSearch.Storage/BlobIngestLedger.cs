using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using Microsoft.Extensions.Options;

namespace CarSearch.Storage;

/// <summary>
/// The ingest failures as small empty blobs in their own container beside the images
/// (<see cref="StorageOptions.LedgerContainer"/>, default <c>carsearch-ingest</c>): <c>failures/&lt;image name&gt;</c>,
/// the reason in the blob's metadata, the time in its Last-Modified. Every instance sees the same failures, they
/// survive restarts, and one listing call reads them all.
/// </summary>
/// <remarks>
/// Kept to <see cref="IngestOptions.MaxFailuresKept"/>: after each record the oldest beyond it are deleted. Image
/// names too long to fit behind the prefix (blob names stop at 1024 characters) are stored under their
/// <see cref="DocumentId"/> with the full name in metadata.
/// </remarks>
public sealed class BlobIngestLedger : IIngestLedger, IDisposable
{
    private const string Prefix = "failures/";
    private const string LongNamePrefix = Prefix + "~long/";
    private const int MaxBlobNameLength = 1024;
    private const string ReasonKey = "reason";
    private const string NameKey = "name";
    private const string VersionKey = "version";
    private const string KindKey = "kind";

    /// <summary>Keeps the encoded reason far below the 8 KB metadata limit whatever its alphabet.</summary>
    private const int MaxReasonLength = 500;

    private const string UnknownReason = "Unknown reason.";

    private readonly BlobContainerClient _container;
    private readonly CreatedOnce _created;
    private readonly int _maxKept;

    public BlobIngestLedger(BlobContainerClient container, IOptions<IngestOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _container = container ?? throw new ArgumentNullException(nameof(container));
        _created = new CreatedOnce(token => container.CreateIfNotExistsAsync(cancellationToken: token));
        _maxKept = options.Value.MaxFailuresKept;
    }

    public async Task RecordAsync(
        string name, string? version, IngestFailureKind kind, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(reason);
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);

        var (blobName, nameInBlobName) = BlobNameOf(name);
        var metadata = new Dictionary<string, string>
        {
            [ReasonKey] = BlobMetadataCodec.EncodeValue(reason.Length > MaxReasonLength ? reason[..MaxReasonLength] + "…" : reason),
            [KindKey] = kind.ToString(),
        };
        if (!nameInBlobName)
        {
            metadata[NameKey] = BlobMetadataCodec.EncodeValue(name);
        }

        if (version is not null)
        {
            metadata[VersionKey] = BlobMetadataCodec.EncodeValue(version);
        }

        await _container.GetBlobClient(blobName)
            .UploadAsync(BinaryData.Empty, new BlobUploadOptions { Metadata = metadata }, cancellationToken).ConfigureAwait(false);
        await TrimAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ClearAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);

        // Every successful ingest asks; looking before deleting answers "none" with a 200 listing instead of a 404
        // that the Azure SDK would log as a warning each time.
        var (blobName, _) = BlobNameOf(name);
        var listing = _container.GetBlobsAsync(new GetBlobsOptions { Prefix = blobName }, cancellationToken).AsPages(pageSizeHint: 1);
        await foreach (var page in listing.ConfigureAwait(false))
        {
            // Names sort so that an exact match comes before any longer name it prefixes.
            if (page.Values.Count == 0 || page.Values[0].Name != blobName)
            {
                return false;
            }

            break;
        }

        var response = await _container.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    public async Task<IReadOnlyList<IngestFailure>> ListAsync(CancellationToken cancellationToken = default)
    {
        var failures = new List<(IngestFailure Failure, string BlobName)>();
        try
        {
            var listing = _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = Prefix }, cancellationToken);
            await foreach (var item in listing.ConfigureAwait(false))
            {
                failures.Add((ToFailure(item), item.Name));
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return [];
        }

        failures.Sort((a, b) => b.Failure.At.CompareTo(a.Failure.At) is var byTime and not 0
            ? byTime
            : string.CompareOrdinal(a.Failure.Name, b.Failure.Name));
        return failures.ConvertAll(entry => entry.Failure);
    }

    public void Dispose() => _created.Dispose();

    private static (string BlobName, bool HoldsImageName) BlobNameOf(string imageName) =>
        Prefix.Length + imageName.Length <= MaxBlobNameLength
            ? (Prefix + imageName, true)
            : (LongNamePrefix + DocumentId.FromName(imageName), false);

    private static IngestFailure ToFailure(BlobItem item)
    {
        var metadata = BlobMetadataCodec.Decode(item.Metadata);
        var name = metadata.TryGetValue(NameKey, out var stored) ? stored : item.Name[Prefix.Length..];
        var reason = metadata.TryGetValue(ReasonKey, out var why) && why.Length > 0 ? why : UnknownReason;
        // Failures recorded before kinds were kept were all rejections.
        var kind = metadata.TryGetValue(KindKey, out var recorded) && Enum.TryParse<IngestFailureKind>(recorded, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : IngestFailureKind.Rejected;
        return new IngestFailure(
            name, reason, item.Properties.LastModified ?? DateTimeOffset.MinValue, kind, metadata.GetValueOrDefault(VersionKey));
    }

    /// <summary>Forgets the oldest failures beyond the limit; several instances doing it at once is harmless.</summary>
    private async Task TrimAsync(CancellationToken cancellationToken)
    {
        var items = new List<BlobItem>();
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix }, cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        if (items.Count <= _maxKept)
        {
            return;
        }

        items.Sort((a, b) => Nullable.Compare(b.Properties.LastModified, a.Properties.LastModified));
        foreach (var old in items.Skip(_maxKept))
        {
            await _container.GetBlobClient(old.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
