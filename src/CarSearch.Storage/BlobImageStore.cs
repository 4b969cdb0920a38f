using System.Buffers;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CarSearch.Core.Storage;

namespace CarSearch.Storage;

/// <summary>
/// The images' blob container (<see cref="StorageOptions.Container"/>) as an <see cref="IImageStore"/>. Metadata
/// values go through <see cref="BlobMetadataCodec"/>, so any text survives the round trip.
/// </summary>
public sealed class BlobImageStore : IImageStore
{
    /// <summary>Marks a folder in accounts with a hierarchical namespace; not an image.</summary>
    private const string FolderMarker = "hdi_isfolder";

    private readonly BlobContainerClient _container;
    private readonly ArrayPool<byte> _buffers;

    /// <param name="buffers">Where <see cref="RentAsync"/> rents; the shared pool unless a test watches its own.</param>
    public BlobImageStore(BlobContainerClient container, ArrayPool<byte>? buffers = null)
    {
        _container = container ?? throw new ArgumentNullException(nameof(container));
        _buffers = buffers ?? ArrayPool<byte>.Shared;
    }

    public string ContainerName => _container.Name;

    public Task EnsureExistsAsync(CancellationToken cancellationToken = default) =>
        _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default) =>
        (await _container.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <remarks>
    /// Throws when the container does not exist, rather than listing nothing: reconciliation must never take a
    /// misnamed container for an empty one and empty the index.
    /// </remarks>
    public async IAsyncEnumerable<StoredImageInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var listing = _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken);
        await foreach (var item in listing.ConfigureAwait(false))
        {
            if (item.Metadata?.ContainsKey(FolderMarker) == true)
            {
                continue;
            }

            yield return new StoredImageInfo(
                item.Name,
                item.Properties.ContentLength ?? 0,
                item.Properties.LastModified ?? DateTimeOffset.MinValue,
                BlobMetadataCodec.Decode(item.Metadata),
                VersionOf(item.Properties.ETag));
        }
    }

    public async Task<StoredImage?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            var result = (await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return new StoredImage(
                name,
                result.Content.ToMemory(),
                BlobMetadataCodec.Decode(result.Details.Metadata),
                result.Details.ContentType,
                result.Details.LastModified,
                VersionOf(result.Details.ETag));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception error) when (StorageErrors.AsUnavailable(error, Target, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <remarks>
    /// The response headers give the length before the body is read, so the body goes straight into one buffer of
    /// that size: no growing stream copying itself, no array per image (a 12-megapixel JPEG is several megabytes).
    /// </remarks>
    public async Task<RentedImage?> RentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            using var result = (await _container.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            var details = result.Details;
            if (details.ContentLength > Array.MaxLength)
            {
                throw new InvalidDataException($"The blob {name} holds {details.ContentLength} bytes, more than one buffer can.");
            }

            var length = (int)details.ContentLength;
            var buffer = _buffers.Rent(length);
            try
            {
                await result.Content.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                var info = new StoredImageInfo(
                    name, length, details.LastModified, BlobMetadataCodec.Decode(details.Metadata), VersionOf(details.ETag));
                return new RentedImage(info, details.ContentType, buffer, length, _buffers);
            }
            catch
            {
                _buffers.Return(buffer);
                throw;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception error) when (StorageErrors.AsUnavailable(error, Target, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public async Task<StoredImageInfo?> GetInfoAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            var properties = (await _container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new StoredImageInfo(
                name, properties.ContentLength, properties.LastModified, BlobMetadataCodec.Decode(properties.Metadata), VersionOf(properties.ETag));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception error) when (StorageErrors.AsUnavailable(error, Target, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>What the failures name: the container, never the account key.</summary>
    private string Target => $"the image storage ({_container.Name})";

    /// <summary>The ETag as one spelling (quoted, as listings and downloads both give it), so versions compare as text.</summary>
    public static string VersionOf(ETag? etag) => etag?.ToString("H") ?? "";
}
