using System.Globalization;
using System.Security.Cryptography;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Index;
using CarSearch.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Ingest;

/// <summary>
/// Turns one stored image into one index document: size limit, SHA-256, skip when unchanged, decode (header and
/// pixel limits first), embed in a shared model run, upsert. Every host calls it: the blob trigger, reconciliation,
/// re-index.
/// </summary>
/// <remarks>
/// Two kinds of failure, on purpose: an unusable image is recorded in the <see cref="IIngestLedger"/> and the call
/// returns normally (<see cref="IngestResult.Rejected"/>), so a trigger does not retry it forever and other images
/// go on; a failure of the index or storage throws, so the host retries and finally parks the blob in its poison
/// queue (then calls <see cref="RecordGaveUpAsync"/>). Thread-safe; one per process.
/// </remarks>
public sealed class IngestService : IDisposable
{
    private const double BytesPerMegabyte = 1024 * 1024;

    private readonly IStagedImageEmbedder _embedder;
    private readonly ImageEmbeddingBatcher _batcher;
    private readonly IVectorIndex _index;
    private readonly IImageStore _store;
    private readonly IIngestLedger _ledger;
    private readonly IngestActivity _activity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _maxImageBytes;
    private readonly SemaphoreSlim _ingestSlots;
    private readonly SemaphoreSlim _decodeSlots;

    public IngestService(
        IStagedImageEmbedder embedder,
        ImageEmbeddingBatcher batcher,
        IVectorIndex index,
        IImageStore store,
        IIngestLedger ledger,
        IngestActivity activity,
        IOptions<IngestOptions> options,
        TimeProvider? time = null,
        ILogger<IngestService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _embedder = embedder;
        _batcher = batcher;
        _index = index;
        _store = store;
        _ledger = ledger;
        _activity = activity;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<IngestService>.Instance;
        var settings = options.Value;
        _maxImageBytes = settings.MaxImageBytes;
        _ingestSlots = new SemaphoreSlim(settings.MaxConcurrentIngests);
        _decodeSlots = new SemaphoreSlim(settings.MaxConcurrentDecodes);
    }

    /// <summary>Ingests an image whose bytes and metadata the caller already has (e.g. a trigger's binding).</summary>
    /// <param name="metadata">The blob's metadata (make, model, year, colour, ...), decoded; stored with the document.</param>
    public async Task<IngestOutcome> IngestAsync(
        string blobName,
        ReadOnlyMemory<byte> content,
        IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        ArgumentNullException.ThrowIfNull(metadata);
        return await InSlotAsync(
            () => content.Length > _maxImageBytes
                ? RejectAsync(blobName, TooLarge(content.Length), cancellationToken)
                : IngestContentAsync(blobName, content, metadata, force: false, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As the other overload, reading at most the size limit from <paramref name="content"/>.</summary>
    public async Task<IngestOutcome> IngestAsync(
        string blobName,
        Stream content,
        IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(metadata);
        return await InSlotAsync(() => IngestStreamAsync(blobName, content, metadata, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Ingests the image as the store has it now (reconciliation, re-index, a trigger that binds only the name).
    /// An oversized blob is refused from its properties, without downloading it.
    /// </summary>
    /// <param name="force">Embed again even if the index has this content from this model (re-index with force).</param>
    public async Task<IngestOutcome> IngestStoredAsync(string blobName, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        return await InSlotAsync(() => IngestStoredImageAsync(blobName, force, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>A blob was deleted: removes its document and any failure record. False when it was not indexed.</summary>
    public async Task<bool> DeleteAsync(string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        var removed = await DeleteDocumentAndFailureAsync(blobName, cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            _logger.Removed(blobName);
        }

        return removed;
    }

    /// <summary>
    /// For a host's poison-queue handler: the host retried <paramref name="blobName"/> <paramref name="attempts"/>
    /// times and gave up. Records it as a failure so the status shows it; a later successful ingest clears it.
    /// </summary>
    public Task RecordGaveUpAsync(string blobName, int attempts, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        _logger.GaveUp(blobName, attempts, reason);
        return _ledger.RecordAsync(
            blobName,
            string.Create(CultureInfo.InvariantCulture, $"Gave up after {attempts} attempts: {reason}"),
            cancellationToken);
    }

    public void Dispose()
    {
        _ingestSlots.Dispose();
        _decodeSlots.Dispose();
    }

    /// <summary>Lower-case hex SHA-256, as <see cref="ImageDocument.ContentHash"/> stores it.</summary>
    public static string ContentHashOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// Runs one ingest once an ingest slot is free, counted as pending (<see cref="IngestActivity"/>) from the call on,
    /// waiting included: every entry point goes through here, so the bound and the count cannot drift apart.
    /// </summary>
    private async Task<IngestOutcome> InSlotAsync(Func<Task<IngestOutcome>> ingest, CancellationToken cancellationToken)
    {
        using var pending = _activity.BeginIngest();
        await _ingestSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ingest().ConfigureAwait(false);
        }
        finally
        {
            _ingestSlots.Release();
        }
    }

    private async Task<IngestOutcome> IngestStreamAsync(
        string name, Stream content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        if (content.CanSeek && content.Length - content.Position > _maxImageBytes)
        {
            return await RejectAsync(name, TooLarge(content.Length - content.Position), cancellationToken).ConfigureAwait(false);
        }

        var bytes = await ReadAtMostAsync(content, _maxImageBytes, cancellationToken).ConfigureAwait(false);
        return bytes is null
            ? await RejectAsync(name, TooLarge(size: null), cancellationToken).ConfigureAwait(false)
            : await IngestContentAsync(name, bytes.Value, metadata, force: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IngestOutcome> IngestStoredImageAsync(string name, bool force, CancellationToken cancellationToken)
    {
        var info = await _store.GetInfoAsync(name, cancellationToken).ConfigureAwait(false);
        if (info is not null && info.SizeBytes > _maxImageBytes)
        {
            return await RejectAsync(name, TooLarge(info.SizeBytes), cancellationToken).ConfigureAwait(false);
        }

        var image = info is null ? null : await _store.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (image is null)
        {
            await DeleteDocumentAndFailureAsync(name, cancellationToken).ConfigureAwait(false);
            return IngestOutcome.Missing(name);
        }

        // Replaced by a bigger one between the two reads.
        return image.Content.Length > _maxImageBytes
            ? await RejectAsync(name, TooLarge(image.Content.Length), cancellationToken).ConfigureAwait(false)
            : await IngestContentAsync(name, image.Content, image.Metadata, force, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IngestOutcome> IngestContentAsync(
        string name,
        ReadOnlyMemory<byte> content,
        IReadOnlyDictionary<string, string> metadata,
        bool force,
        CancellationToken cancellationToken)
    {
        var id = DocumentId.FromName(name);
        var hash = ContentHashOf(content.Span);
        var existing = await _index.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (!force && existing is not null && existing.ContentHash == hash && existing.ModelId == _embedder.ModelId)
        {
            // Metadata can be set on a blob without touching its bytes; that deserves no model run either.
            if (!SameMetadata(existing.Metadata, metadata))
            {
                await _index.UpsertAsync(existing with { Metadata = Copy(metadata) }, cancellationToken).ConfigureAwait(false);
            }

            await _ledger.ClearAsync(name, cancellationToken).ConfigureAwait(false);
            _logger.Unchanged(name);
            return IngestOutcome.Unchanged(name);
        }

        var (image, rejection) = await PreprocessAsync(content, cancellationToken).ConfigureAwait(false);
        if (image is null)
        {
            return await RejectAsync(name, rejection!.Message, cancellationToken).ConfigureAwait(false);
        }

        var embedding = await _batcher.EmbedAsync(image.Pixels, cancellationToken).ConfigureAwait(false);
        await _index.UpsertAsync(
            new ImageDocument
            {
                Id = id,
                Name = name,
                ContentHash = hash,
                Width = image.Header.Width,
                Height = image.Header.Height,
                Format = image.Header.Format,
                SizeBytes = content.Length,
                Metadata = Copy(metadata),
                ModelId = _embedder.ModelId,
                IndexedAt = _time.GetUtcNow(),
                Embedding = embedding,
            },
            cancellationToken).ConfigureAwait(false);
        await _ledger.ClearAsync(name, cancellationToken).ConfigureAwait(false);
        _logger.Indexed(name, image.Header.Format, image.Header.Width, image.Header.Height, content.Length);
        return IngestOutcome.Indexed(name);
    }

    /// <summary>Decodes on the thread pool under the decode bound: the full-size bitmap is what costs memory.</summary>
    private async Task<(PreprocessedImage? Image, ImageRejectedException? Rejection)> PreprocessAsync(
        ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await _decodeSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (await Task.Run(() => _embedder.PreprocessImage(content), cancellationToken).ConfigureAwait(false), null);
        }
        catch (ImageRejectedException rejection)
        {
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
    private async Task<IngestOutcome> RejectAsync(string name, string reason, CancellationToken cancellationToken)
    {
        await _ledger.RecordAsync(name, reason, cancellationToken).ConfigureAwait(false);
        await _index.DeleteAsync(DocumentId.FromName(name), cancellationToken).ConfigureAwait(false);
        _logger.Rejected(name, reason);
        return IngestOutcome.Rejected(name, reason);
    }

    private async Task<bool> DeleteDocumentAndFailureAsync(string name, CancellationToken cancellationToken)
    {
        var removed = await _index.DeleteAsync(DocumentId.FromName(name), cancellationToken).ConfigureAwait(false);
        await _ledger.ClearAsync(name, cancellationToken).ConfigureAwait(false);
        return removed;
    }

    private string TooLarge(long? size) => size is { } bytes
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"The file is {bytes / BytesPerMegabyte:0.0} MB; the limit is {_maxImageBytes / BytesPerMegabyte:0.##} MB.")
        : string.Create(CultureInfo.InvariantCulture, $"The file is larger than the limit of {_maxImageBytes / BytesPerMegabyte:0.##} MB.");

    /// <summary>The whole stream, or null as soon as it proves longer than <paramref name="limit"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadAtMostAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
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
