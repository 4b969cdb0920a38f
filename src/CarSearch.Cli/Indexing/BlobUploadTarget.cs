using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Storage;

namespace CarSearch.Cli.Indexing;

/// <summary>
/// A blob container as <see cref="IImageUploadTarget"/>. Talks to the Blob SDK directly rather than through
/// <see cref="BlobImageStore"/>: deciding whether to send needs the blob's Content-MD5, which the store does not expose.
/// </summary>
/// <remarks>
/// "Same content" is decided by Content-MD5: we set it on every upload, blob storage (and Azurite) keeps it and
/// computes it for single-shot uploads by other tools, and it comes back with the properties, so an unchanged image
/// costs one HEAD and no body. A content hash in metadata would instead travel into every index document's metadata
/// and the web page. MD5 serves here only to notice a change, not as a defence against forgery.
/// </remarks>
public sealed class BlobUploadTarget(BlobContainerClient container) : IImageUploadTarget
{
    private readonly BlobContainerClient _container = container ?? throw new ArgumentNullException(nameof(container));

    public string Description => $"container {StorageConnection.Describe(_container)}";

    public Task EnsureReadyAsync(CancellationToken cancellationToken) =>
        GuardAsync(() => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken), connecting: true, cancellationToken);

    public Task<UploadResult> UploadIfChangedAsync(
        string name, ReadOnlyMemory<byte> content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(metadata);
        return GuardAsync(() => UploadAsync(_container.GetBlobClient(name), content, metadata, cancellationToken), connecting: false, cancellationToken);
    }

    private static async Task<UploadResult> UploadAsync(
        BlobClient blob, ReadOnlyMemory<byte> content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
#pragma warning disable CA5351 // Content-MD5 is what blob storage keeps per blob; it detects changes, it does not protect anything.
        var md5 = MD5.HashData(content.Span);
#pragma warning restore CA5351
        var existing = await TryGetPropertiesAsync(blob, cancellationToken).ConfigureAwait(false);
        var current = BlobMetadataCodec.Decode(existing?.Metadata);
        var sameContent = existing?.ContentHash is { Length: > 0 } stored && stored.AsSpan().SequenceEqual(md5);
        if (sameContent && Holds(current, metadata))
        {
            return UploadResult.Unchanged;
        }

        foreach (var (key, value) in metadata)
        {
            current[key] = value;
        }

        var encoded = BlobMetadataCodec.Encode(current);
        if (sameContent)
        {
            await blob.SetMetadataAsync(encoded, cancellationToken: cancellationToken).ConfigureAwait(false);
            return UploadResult.MetadataUpdated;
        }

        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = ImageFormats.ContentTypeOfFileName(blob.Name), ContentHash = md5 },
            Metadata = encoded,
        };
        await blob.UploadAsync(BinaryData.FromBytes(content), options, cancellationToken).ConfigureAwait(false);
        return UploadResult.Uploaded;
    }

    private static async Task<BlobProperties?> TryGetPropertiesAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

    private static bool Holds(Dictionary<string, string> current, IReadOnlyDictionary<string, string> wanted)
    {
        foreach (var (key, value) in wanted)
        {
            if (!current.TryGetValue(key, out var stored) || !string.Equals(stored, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Turns the SDK's failures into ours, classified by <see cref="StorageErrors"/>: no answer at all (after the SDK's
    /// retries) or a failed sign-in means storage is unavailable; a refusal is about this blob, or about the whole
    /// account while <paramref name="connecting"/>.
    /// </summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> call, bool connecting, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && StorageErrors.Classify(error) is { } failure)
        {
            var reason = failure.Describe($"the {Description}");
            throw connecting || failure.Kind is StorageFailureKind.Unreachable or StorageFailureKind.SignInFailed
                ? new StorageUnavailableException(reason, error) { Failure = failure }
                : new UploadFailedException(reason, error);
        }
    }
}
