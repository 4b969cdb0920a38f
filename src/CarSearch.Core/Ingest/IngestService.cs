using System.Globalization;
using System.Security.Cryptography;
using CarSearch.Core.Duplicates;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Facets;
using CarSearch.Core.Index;
using CarSearch.Core.Storage;
using CarSearch.Core.Thumbnails;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest;

/// <summary>
/// Turns one stored image into one index document: size limit, SHA-256, skip when unchanged, decode (header and
/// pixel limits first), thumbnail from the same decode, embed in a shared model run, classify its facets
/// (<see cref="FacetClassifier"/>, stored as <c>auto.*</c> metadata), near-duplicate group
/// (<see cref="DuplicateGrouping"/>), upsert. Every host calls it: the blob trigger, reconciliation, re-index.
/// </summary>
/// <remarks>
/// Two kinds of failure, on purpose: an unusable image is recorded in the <see cref="IIngestLedger"/> and the call
/// returns normally (<see cref="IngestResult.Rejected"/>), so a trigger does not retry it forever and other images
/// go on; a failure of the index or storage throws, so the host retries and finally parks the blob in its poison
/// queue (then calls <see cref="RecordGaveUpAsync"/>). A thumbnail is neither: <see cref="ThumbnailService"/> logs a
/// failure to write or remove one and the ingest goes on. Thread-safe; one per process.
/// </remarks>
public sealed class IngestService : IDisposable
{
    private readonly IStagedImageEmbedder _embedder;
    private readonly ImageEmbeddingBatcher _batcher;
    private readonly IVectorIndex _index;
    private readonly IImageStore _store;
    private readonly ThumbnailService _thumbnails;
    private readonly FacetClassifier _facets;
    private readonly DuplicateGrouping _duplicates;
    private readonly IIngestLedger _ledger;
    private readonly IngestBacklog _backlog;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _maxImageBytes;
    private readonly SemaphoreSlim _ingestSlots;
    private readonly SemaphoreSlim _decodeSlots;
    private readonly PixelBuffers _pixelBuffers;

    public IngestService(
        IStagedImageEmbedder embedder,
        ImageEmbeddingBatcher batcher,
        IVectorIndex index,
        IImageStore store,
        ThumbnailService thumbnails,
        FacetClassifier facets,
        IIngestLedger ledger,
        IngestBacklog backlog,
        IOptions<IngestOptions> options,
        DuplicateGrouping duplicates,
        TimeProvider? time = null,
        ILogger<IngestService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _embedder = embedder;
        _batcher = batcher;
        _index = index;
        _store = store;
        _thumbnails = thumbnails;
        _facets = facets;
        _ledger = ledger;
        _backlog = backlog;
        _duplicates = duplicates;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<IngestService>.Instance;
        var settings = options.Value;
        _maxImageBytes = settings.MaxImageBytes;
        _ingestSlots = new SemaphoreSlim(settings.MaxConcurrentIngests);
        _decodeSlots = new SemaphoreSlim(settings.MaxConcurrentDecodes);

        // Every ingest in flight holds at most one tensor, from its decode until its embedding is made.
        _pixelBuffers = new PixelBuffers(settings.MaxConcurrentIngests);
    }

    /// <summary>
    /// Ingests the image as the store has it now (reconciliation, re-index, a trigger that binds only the name).
    /// An oversized blob is refused from its properties, without downloading it.
    /// </summary>
    /// <param name="force">Embed again even if the index has this content from this model (re-index with force).</param>
    public async Task<IngestOutcome> IngestStoredAsync(string blobName, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        return await InSlotAsync(blobName, () => IngestStoredImageAsync(blobName, force, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Ingests an image a container listing found (<see cref="ContainerScan.ToIngest"/>): the listing already tells its
    /// size, version and failure, so an image the index holds at that version costs no download, an oversized one is
    /// refused unread, and the failures are only touched when the listing showed one.
    /// </summary>
    public async Task<IngestOutcome> IngestListedAsync(ListedImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return await InSlotAsync(image.Name, () => IngestListedImageAsync(image, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// The store says <paramref name="blobName"/> was deleted (an event, or a scan that no longer lists it): removes
    /// its document and any failure, unless an image of that name is stored again by now (events race: a delete can
    /// arrive after the upload that replaced the blob). False when nothing was removed.
    /// </summary>
    public async Task<bool> RemoveDeletedAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        if (await _store.GetInfoAsync(blobName, cancellationToken).ConfigureAwait(false) is not null)
        {
            _logger.StoredAgain(blobName);
            return false;
        }

        var removed = await DeleteDocumentAndFailureAsync(blobName, mayHaveFailure: true, cancellationToken).ConfigureAwait(false);
        _backlog.Finished(blobName);
        if (removed)
        {
            _logger.Removed(blobName);
        }

        return removed;
    }

    /// <summary>
    /// A host tried <paramref name="blobName"/> <paramref name="attempts"/> times and gave up (a trigger's poison
    /// queue, or <see cref="IngestDispatcher"/>). Records it as <see cref="IngestFailureKind.GaveUp"/> at
    /// <paramref name="version"/> so the status shows it; reconciliation tries it again after
    /// <see cref="IngestOptions.RetryGaveUpAfter"/>, and a later successful ingest clears it.
    /// </summary>
    public async Task RecordGaveUpAsync(
        string blobName, string? version, int attempts, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        _logger.GaveUp(blobName, attempts, reason);
        await RecordFailureAsync(
            blobName,
            version,
            IngestFailureKind.GaveUp,
            string.Create(CultureInfo.InvariantCulture, $"Gave up after {attempts} attempts: {reason}"),
            cancellationToken).ConfigureAwait(false);
        _backlog.Finished(blobName);
    }

    public void Dispose()
    {
        _ingestSlots.Dispose();
        _decodeSlots.Dispose();
    }

    /// <summary>What a gave-up failure says: rejections never get there, so every attempt failed on something unexpected.</summary>
    public const string GaveUpReason =
        "every attempt failed with an error of storage, the index or the model (the log holds each one); tried again later";

    /// <summary>Lower-case hex SHA-256, as <see cref="ImageDocument.ContentHash"/> stores it.</summary>
    public static string ContentHashOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// Runs one ingest once an ingest slot is free: every entry point goes through here, so the bound holds for all.
    /// An ingest that ends (indexed, unchanged, rejected, gone) is no longer pending; one that throws still is.
    /// </summary>
    private async Task<IngestOutcome> InSlotAsync(string name, Func<Task<IngestOutcome>> ingest, CancellationToken cancellationToken)
    {
        await _ingestSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        IngestOutcome outcome;
        try
        {
            outcome = await ingest().ConfigureAwait(false);
        }
        finally
        {
            _ingestSlots.Release();
        }

        _backlog.Finished(name);
        return outcome;
    }

    private async Task<IngestOutcome> IngestStoredImageAsync(string name, bool force, CancellationToken cancellationToken)
    {
        var info = await _store.GetInfoAsync(name, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            await DeleteDocumentAndFailureAsync(name, mayHaveFailure: true, cancellationToken).ConfigureAwait(false);
            return IngestOutcome.Missing(name);
        }

        return await IngestInfoAsync(info, force, mayHaveFailure: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IngestOutcome> IngestListedImageAsync(ListedImage listed, CancellationToken cancellationToken)
    {
        // A scan lists the index before the container: what was indexed in between needs no download.
        var existing = await _index.GetAsync(DocumentId.FromName(listed.Name), cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.SourceVersion == listed.Info.Version && existing.ModelId == _embedder.ModelId)
        {
            await ClearFailureAsync(listed.Name, listed.Failure is not null, cancellationToken).ConfigureAwait(false);
            return IngestOutcome.Unchanged(listed.Name);
        }

        return await IngestInfoAsync(listed.Info, force: false, listed.Failure is not null, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="mayHaveFailure">False only when a fresh listing of the failures showed none for the image.</param>
    private async Task<IngestOutcome> IngestInfoAsync(StoredImageInfo info, bool force, bool mayHaveFailure, CancellationToken cancellationToken)
    {
        var name = info.Name;
        if (info.SizeBytes > _maxImageBytes)
        {
            return await RejectAsync(name, info.Version, ImageSizeLimit.TooLarge(info.SizeBytes, _maxImageBytes), cancellationToken).ConfigureAwait(false);
        }

        using var rented = await _store.RentAsync(name, cancellationToken).ConfigureAwait(false);
        if (rented is null)
        {
            await DeleteDocumentAndFailureAsync(name, mayHaveFailure, cancellationToken).ConfigureAwait(false);
            return IngestOutcome.Missing(name);
        }

        // Replaced by a bigger one between the two reads.
        var image = rented.Image;
        return image.Content.Length > _maxImageBytes
            ? await RejectAsync(name, image.Version, ImageSizeLimit.TooLarge(image.Content.Length, _maxImageBytes), cancellationToken).ConfigureAwait(false)
            : await IngestContentAsync(rented, force, mayHaveFailure, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="rented">Given back as soon as it is decoded: the image's bytes are not kept while the model runs.</param>
    private async Task<IngestOutcome> IngestContentAsync(RentedImage rented, bool force, bool mayHaveFailure, CancellationToken cancellationToken)
    {
        var stored = rented.Image;
        var (name, content, metadata) = (stored.Name, stored.Content, stored.Metadata);
        var sizeBytes = content.Length;
        var id = DocumentId.FromName(name);
        var hash = ContentHashOf(content.Span);
        var existing = await _index.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!force && existing is not null && existing.ContentHash == hash && existing.ModelId == _embedder.ModelId)
        {
            // Metadata can be set on a blob without touching its bytes; that deserves no model run either. The new
            // version is recorded so the next scan sees the image as reflected. Facets come from the stored
            // embedding, so facets of another version (a re-index after the label sets changed) cost no model run.
            var facets = _facets.Classify(existing.Embedding);
            var described = AutoMetadata.Combine(metadata, facets);
            if (!SameMetadata(existing.Metadata, described)
                || existing.SourceVersion != stored.Version
                || existing.FacetVersion != facets.Version)
            {
                await _index.UpsertAsync(
                        existing with { Metadata = described, SourceVersion = stored.Version, FacetVersion = facets.Version },
                        cancellationToken)
                    .ConfigureAwait(false);
            }

            await ClearFailureAsync(name, mayHaveFailure, cancellationToken).ConfigureAwait(false);
            _logger.Unchanged(name);
            return IngestOutcome.Unchanged(name);
        }

        var (image, rejection) = await PreprocessAsync(content, cancellationToken).ConfigureAwait(false);
        rented.Dispose();
        if (image is null)
        {
            return await RejectAsync(name, stored.Version, rejection!.Message, cancellationToken).ConfigureAwait(false);
        }

        if (image.ThumbnailFailure is not null)
        {
            _logger.ThumbnailNotMade(image.ThumbnailFailure, name);
        }

        // Written while the model runs, and before the document: a search that finds the image finds its thumbnail.
        var thumbnailWritten = _thumbnails.TryStoreAsync(name, image.Thumbnail, hash, cancellationToken);
        float[] embedding;
        try
        {
            embedding = await _batcher.EmbedAsync(image.Pixels, cancellationToken).ConfigureAwait(false);

            // Only once embedded: a caller that gave up may leave its tensor in a model run still under way.
            _pixelBuffers.Return(image.Pixels);
        }
        finally
        {
            await thumbnailWritten.ConfigureAwait(false);
        }

        var imageFacets = _facets.Classify(embedding);
        using var placement = await _duplicates.PlaceAsync(id, _embedder.ModelId, embedding, existing, cancellationToken)
            .ConfigureAwait(false);
        await _index.UpsertAsync(
            new ImageDocument
            {
                Id = id,
                Name = name,
                ContentHash = hash,
                Width = image.Header.Width,
                Height = image.Header.Height,
                Format = image.Header.Format,
                SizeBytes = sizeBytes,
                Metadata = AutoMetadata.Combine(metadata, imageFacets),
                ModelId = _embedder.ModelId,
                IndexedAt = _time.GetUtcNow(),
                SourceVersion = stored.Version,
                FacetVersion = imageFacets.Version,
                DuplicateOf = placement.DuplicateOf,
                Embedding = embedding,
            },
            cancellationToken).ConfigureAwait(false);
        await ClearFailureAsync(name, mayHaveFailure, cancellationToken).ConfigureAwait(false);
        _logger.Indexed(name, image.Header.Format, image.Header.Width, image.Header.Height, sizeBytes);
        return IngestOutcome.Indexed(name);
    }

    /// <summary>Decodes on the thread pool under the decode bound: the full-size bitmap is what costs memory.</summary>
    private async Task<(PreprocessedImage? Image, ImageRejectedException? Rejection)> PreprocessAsync(
        ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await _decodeSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var pixels = _pixelBuffers.Rent();
        try
        {
            return (await Task.Run(() => _embedder.PreprocessImageWithThumbnail(content, pixels), cancellationToken).ConfigureAwait(false), null);
        }
        catch (ImageRejectedException rejection)
        {
            _pixelBuffers.Return(pixels);
            return (null, rejection);
        }
        finally
        {
            _decodeSlots.Release();
        }
    }

    /// <summary>
    /// Records the failure and drops the image's document, if any: the blob no longer holds what the document
    /// describes, and a search must not show it.
    /// </summary>
    private async Task<IngestOutcome> RejectAsync(string name, string version, string reason, CancellationToken cancellationToken)
    {
        await RecordFailureAsync(name, version, IngestFailureKind.Rejected, reason, cancellationToken).ConfigureAwait(false);
        await _duplicates.DeleteAsync(DocumentId.FromName(name), cancellationToken).ConfigureAwait(false);
        await _thumbnails.TryRemoveAsync(name, cancellationToken).ConfigureAwait(false);
        _logger.Rejected(name, reason);
        return IngestOutcome.Rejected(name, reason);
    }

    private async Task<bool> DeleteDocumentAndFailureAsync(string name, bool mayHaveFailure, CancellationToken cancellationToken)
    {
        var removed = await _duplicates.DeleteAsync(DocumentId.FromName(name), cancellationToken).ConfigureAwait(false);
        await _thumbnails.TryRemoveAsync(name, cancellationToken).ConfigureAwait(false);
        await ClearFailureAsync(name, mayHaveFailure, cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>Records the failure in the shared ledger, and in the backlog so this process's status shows it at once.</summary>
    private async Task RecordFailureAsync(
        string name, string? version, IngestFailureKind kind, string reason, CancellationToken cancellationToken)
    {
        await _ledger.RecordAsync(name, version, kind, reason, cancellationToken).ConfigureAwait(false);
        _backlog.Failed(new IngestFailure(name, reason, _time.GetUtcNow(), kind, version));
    }

    /// <summary>Forgets the image's failure, unless a fresh listing showed it has none (one storage call saved per image).</summary>
    private async Task ClearFailureAsync(string name, bool mayHaveFailure, CancellationToken cancellationToken)
    {
        if (mayHaveFailure && await _ledger.ClearAsync(name, cancellationToken).ConfigureAwait(false))
        {
            _backlog.FailureCleared(name);
        }
    }

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> metadata)
    {
        // Case-insensitive like blob metadata; a later duplicate differing only in case wins rather than throwing.
        var copy = new Dictionary<string, string>(metadata.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in metadata)
        {
            copy[key] = value;
        }

        return copy;
    }

    private static bool SameMetadata(IReadOnlyDictionary<string, string> indexed, IReadOnlyDictionary<string, string> stored)
    {
        var current = Copy(stored);
        if (indexed.Count != current.Count)
        {
            return false;
        }

        foreach (var (key, value) in indexed)
        {
            if (!current.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
