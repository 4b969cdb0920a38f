namespace CarSearch.Core.Storage;

/// <summary>
/// Where uploaded car images live (the <c>car-images</c> blob container in Azure and on Azurite). The ingest
/// reads from it, the API serves image bytes from it, reconciliation lists it.
/// Read-only: the hosts never write or delete images; users' own tools and <c>carsearch index</c> do.
/// </summary>
public interface IImageStore
{
    /// <summary>Creates the container if it is missing.</summary>
    Task EnsureExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether the container exists: the cheapest question, asked to tell whether storage answers at all.</summary>
    /// <exception cref="Exception">Storage cannot be reached.</exception>
    Task<bool> ExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every stored image, in name order.</summary>
    IAsyncEnumerable<StoredImageInfo> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The image's bytes and metadata; null when there is no such image.</summary>
    Task<StoredImage?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="GetAsync"/>, the bytes read into a pooled buffer of the blob's size (known before the body is
    /// read, so no buffer grows and copies): for callers that read an image once and dispose it soon (the ingest).
    /// Null when there is no such image. The default copies <see cref="GetAsync"/>'s bytes: stores should override it.
    /// </summary>
    async Task<RentedImage?> RentAsync(string name, CancellationToken cancellationToken = default) =>
        await GetAsync(name, cancellationToken).ConfigureAwait(false) is { } image ? RentedImage.Unpooled(image) : null;

    /// <summary>
    /// Size, date and metadata of one image without its bytes; null when there is no such image. Lets the ingest
    /// refuse an oversized blob before downloading it. The default reads the whole image: stores should override it.
    /// </summary>
    async Task<StoredImageInfo?> GetInfoAsync(string name, CancellationToken cancellationToken = default) =>
        await GetAsync(name, cancellationToken).ConfigureAwait(false) is { } image
            ? new StoredImageInfo(image.Name, image.Content.Length, image.LastModified, image.Metadata, image.Version)
            : null;
}

/// <summary>What a listing tells about one stored image, without reading its bytes.</summary>
/// <param name="Version">
/// Changes whenever the stored image or its metadata is written (a blob's ETag); compared with
/// <see cref="Index.ImageDocument.SourceVersion"/> to tell whether the index reflects what is stored.
/// </param>
public sealed record StoredImageInfo(
    string Name, long SizeBytes, DateTimeOffset LastModified, IReadOnlyDictionary<string, string> Metadata, string Version);

/// <summary>One stored image with its bytes; <paramref name="Version"/> as in <see cref="StoredImageInfo"/>.</summary>
public sealed record StoredImage(
    string Name,
    ReadOnlyMemory<byte> Content,
    IReadOnlyDictionary<string, string> Metadata,
    string? ContentType,
    DateTimeOffset LastModified,
    string Version);
