using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Index;
using CarSearch.Core.Thumbnails;

namespace CarSearch.Storage;

/// <summary>
/// The thumbnails as JPEG blobs in their own container beside the images (<see cref="StorageOptions.ThumbnailContainer"/>,
/// default <c>thumbnails</c>), the hash of the image bytes each shows in its metadata. A container of their own keeps
/// them out of the images' listing and trigger, and lets them be dropped and remade.
/// </summary>
/// <remarks>
/// Named <c>&lt;images container&gt;/&lt;document id&gt;.jpg</c>: apps (or two <c>carsearch serve</c>s) indexing different
/// containers of one account share the thumbnail container without overwriting each other's thumbnails, and the
/// document id keeps every name short and valid whatever the image's name.
/// </remarks>
public sealed class BlobThumbnailStore : IThumbnailStore, IDisposable
{
    private const string SourceHashKey = "sourcehash";

    private readonly BlobContainerClient _container;
    private readonly string _imagesContainer;
    private readonly CreatedOnce _created;

    /// <param name="imagesContainer">The container of the images whose thumbnails these are.</param>
    public BlobThumbnailStore(BlobContainerClient container, string imagesContainer)
    {
        _container = container ?? throw new ArgumentNullException(nameof(container));
        ArgumentException.ThrowIfNullOrEmpty(imagesContainer);
        _imagesContainer = imagesContainer;
        _created = new CreatedOnce(token => container.CreateIfNotExistsAsync(cancellationToken: token));
    }

    public string ContainerName => _container.Name;

    public async Task<StoredThumbnail?> GetAsync(string imageName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageName);
        try
        {
            var result = (await Blob(imageName).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            return result.Details.Metadata.TryGetValue(SourceHashKey, out var hash)
                ? new StoredThumbnail(result.Content.ToMemory(), hash)
                : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception error) when (StorageErrors.AsUnavailable(error, $"the thumbnail storage ({_container.Name})", cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public async Task PutAsync(string imageName, ImageThumbnail thumbnail, string sourceHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageName);
        ArgumentNullException.ThrowIfNull(thumbnail);
        ArgumentException.ThrowIfNullOrEmpty(sourceHash);
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = ImageThumbnail.ContentType },
            Metadata = new Dictionary<string, string> { [SourceHashKey] = sourceHash },
        };
        await Blob(imageName).UploadAsync(BinaryData.FromBytes(thumbnail.Content), options, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string imageName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageName);
        try
        {
            var response = await Blob(imageName)
                .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The container itself is missing: no thumbnail was ever written.
            return false;
        }
    }

    /// <summary>The blob name of the thumbnail of <paramref name="imageName"/>.</summary>
    public string BlobNameOf(string imageName) => $"{_imagesContainer}/{DocumentId.FromName(imageName)}.jpg";

    public void Dispose() => _created.Dispose();

    private BlobClient Blob(string imageName) => _container.GetBlobClient(BlobNameOf(imageName));
}
