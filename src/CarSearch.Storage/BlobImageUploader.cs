using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CarSearch.Core.Embeddings.Images;

namespace CarSearch.Storage;

/// <summary>
/// The one way the app writes an image into the images' container (<c>carsearch index</c>, and the tests that stand for
/// an upload): the Content-Type from Core's <see cref="ImageFormats"/> table, metadata through
/// <see cref="BlobMetadataCodec"/> and merged into what the blob already holds, and nothing sent that is already there.
/// </summary>
/// <remarks>
/// "Same content" is decided by Content-MD5: we set it on every upload, blob storage (and Azurite) keeps it and
/// computes it for single-shot uploads by other tools, and it comes back with the properties, so an unchanged image
/// costs one HEAD and no body. A content hash in metadata would instead travel into every index document's metadata
/// and the web page. MD5 serves here only to notice a change, not as a defence against forgery. Kept apart from
/// <see cref="BlobImageStore"/>, which the hosts only read through: the running app never writes images.
/// </remarks>
public sealed class BlobImageUploader(BlobContainerClient container)
{
    private readonly BlobContainerClient _container = container ?? throw new ArgumentNullException(nameof(container));

    /// <summary>
    /// Makes the blob <paramref name="name"/> hold <paramref name="content"/> and at least <paramref name="metadata"/>
    /// (keys it already has and are not given are kept), sending only what is missing. <paramref name="progress"/> hears
    /// of every step answered and every part of the body sent (for <see cref="Core.Storage.StorageDeadline"/>'s stall
    /// watch).
    /// </summary>
    /// <exception cref="ArgumentException">A metadata name is not usable on a blob (see <see cref="BlobMetadataCodec"/>).</exception>
    /// <exception cref="RequestFailedException">Storage refused a call (the container is missing, a 403, ...).</exception>
    public async Task<UploadResult> UploadIfChangedAsync(
        string name,
        ReadOnlyMemory<byte> content,
        IReadOnlyDictionary<string, string> metadata,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(metadata);
        var blob = _container.GetBlobClient(name);
#pragma warning disable CA5351 // Content-MD5 is what blob storage keeps per blob; it detects changes, it does not protect anything.
        var md5 = MD5.HashData(content.Span);
#pragma warning restore CA5351
        var existing = await TryGetPropertiesAsync(blob, cancellationToken).ConfigureAwait(false);
        progress?.Report(0);
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
            HttpHeaders = new BlobHttpHeaders { ContentType = ImageFormats.ContentTypeOfFileName(name), ContentHash = md5 },
            Metadata = encoded,
            ProgressHandler = progress,
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
}
