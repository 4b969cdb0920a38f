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

    public BlobImageStore(BlobContainerClient container)
    {
        _container = container ?? throw new ArgumentNullException(nameof(container));
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
