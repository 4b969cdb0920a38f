using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Thumbnails;

/// <summary>
/// The thumbnails' rules, for the ingest and the thumbnail route alike. A thumbnail is a copy derived from the image:
/// storing or removing one never fails an ingest or a delete (a failure is logged and the ingest goes on), and the
/// route makes a missing or outdated one again from the image, so an image indexed before thumbnails existed, or
/// whose thumbnail could not be written, still gets one. Thread-safe; one per process.
/// </summary>
public sealed class ThumbnailService : IDisposable
{
    private readonly IThumbnailStore _thumbnails;
    private readonly IImageStore _images;
    private readonly ImagePreprocessor _preprocessor;
    private readonly ILogger _logger;

    /// <summary>Bounds decodes made on request: a page of old images must not decode two dozen 12 MP photos at once.</summary>
    private readonly SemaphoreSlim _decodeSlots = new(Math.Clamp(Environment.ProcessorCount, 1, 4));

    public ThumbnailService(
        IThumbnailStore thumbnails, IImageStore images, IOptions<ImageOptions> imageOptions, ILogger<ThumbnailService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(imageOptions);
        _thumbnails = thumbnails ?? throw new ArgumentNullException(nameof(thumbnails));
        _images = images ?? throw new ArgumentNullException(nameof(images));
        _preprocessor = new ImagePreprocessor(imageOptions.Value);
        _logger = logger ?? NullLogger<ThumbnailService>.Instance;
    }

    /// <summary>
    /// The ETag of the thumbnail of the image whose bytes hash to <paramref name="contentHash"/>: known from the index
    /// alone, so a revalidation is answered without reading storage.
    /// </summary>
    public static string EntityTagOf(string contentHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentHash);
        return $"\"{contentHash[..Math.Min(32, contentHash.Length)]}-{ImageThumbnail.Recipe}\"";
    }

    /// <summary>
    /// The thumbnail of the indexed image: the stored one when it shows the indexed bytes (or the bytes stored now),
    /// else one made from the stored image and written back. Null when the image is no longer stored.
    /// </summary>
    /// <exception cref="ImageRejectedException">The stored bytes were replaced by something that is not a usable image.</exception>
    public async Task<StoredThumbnail?> GetAsync(ImageDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var stored = await _thumbnails.GetAsync(document.Name, cancellationToken).ConfigureAwait(false);
        if (stored is not null && stored.SourceHash == document.ContentHash)
        {
            return stored;
        }

        // Read once and decoded: a pooled buffer, like the ingest's, rather than a new array per request.
        using var rented = await _images.RentAsync(document.Name, cancellationToken).ConfigureAwait(false);
        if (rented is null)
        {
            return null;
        }

        var image = rented.Image;

        // The blob may be newer than its document (an overwrite the ingest has not reached): show what is stored.
        var hash = IngestService.ContentHashOf(image.Content.Span);
        if (stored is not null && stored.SourceHash == hash)
        {
            return stored;
        }

        var thumbnail = await MakeAsync(image.Content, cancellationToken).ConfigureAwait(false);
        _logger.MadeOnRequest(document.Name);
        await TryStoreAsync(document.Name, thumbnail, hash, cancellationToken).ConfigureAwait(false);
        return new StoredThumbnail(thumbnail.Content, hash);
    }

    /// <summary>
    /// Stores the thumbnail the ingest made; a failure is logged, not thrown (the route makes it again on request).
    /// A null <paramref name="thumbnail"/> (it could not be made) removes any older one, which shows replaced bytes.
    /// </summary>
    public async Task TryStoreAsync(
        string imageName, ImageThumbnail? thumbnail, string sourceHash, CancellationToken cancellationToken = default)
    {
        try
        {
            if (thumbnail is null)
            {
                await _thumbnails.DeleteAsync(imageName, cancellationToken).ConfigureAwait(false);
                return;
            }

            await _thumbnails.PutAsync(imageName, thumbnail, sourceHash, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRecoverable(ex, cancellationToken))
        {
            _logger.NotStored(ex, imageName);
        }
    }

    /// <summary>Removes the thumbnail of a deleted or refused image; a failure is logged, not thrown.</summary>
    /// <remarks>One left behind is never served: the route answers only for indexed images and checks the hash.</remarks>
    public async Task TryRemoveAsync(string imageName, CancellationToken cancellationToken = default)
    {
        try
        {
            await _thumbnails.DeleteAsync(imageName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRecoverable(ex, cancellationToken))
        {
            _logger.NotRemoved(ex, imageName);
        }
    }

    public void Dispose() => _decodeSlots.Dispose();

    private async Task<ImageThumbnail> MakeAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await _decodeSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => _preprocessor.Thumbnail(content), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _decodeSlots.Release();
        }
    }

    private static bool IsRecoverable(Exception ex, CancellationToken cancellationToken) =>
        ex is not OutOfMemoryException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
