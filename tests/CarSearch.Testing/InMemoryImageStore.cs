using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CarSearch.Core.Storage;

namespace CarSearch.Tests;

/// <summary>
/// An <see cref="IImageStore"/> in memory, for tests of what reads images (the API's content route, ingest logic)
/// that need no real blob storage. Thread-safe; names are case-sensitive, as blob names are.
/// </summary>
public sealed class InMemoryImageStore : IImageStore
{
    private readonly ConcurrentDictionary<string, StoredImage> _images = new(StringComparer.Ordinal);
    private long _writes;

    public int Count => _images.Count;

    /// <summary>When set, reads throw it, as the blob store does when storage does not answer.</summary>
    public StorageUnavailableException? Outage { get; set; }

    public Task EnsureExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>When set, <see cref="ExistsAsync"/> (a probe) waits for it first, as a storage that accepts connections and does not answer.</summary>
    public Task? Stall { get; set; }

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        if (Stall is { } stall)
        {
            await stall.WaitAsync(cancellationToken);
        }

        return Outage is { } outage ? throw outage : true;
    }

    public async IAsyncEnumerable<StoredImageInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var image in _images.Values.OrderBy(image => image.Name, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StoredImageInfo(image.Name, image.Content.Length, image.LastModified, image.Metadata, image.Version);
        }

        await Task.CompletedTask;
    }

    public Task<StoredImage?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Outage is { } outage
            ? Task.FromException<StoredImage?>(outage)
            : Task.FromResult(_images.TryGetValue(name, out var image) ? image : null);

    public Task UploadAsync(string name, ReadOnlyMemory<byte> content, IReadOnlyDictionary<string, string> metadata,
        string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        // Copies, so a caller reusing its buffer cannot change what is stored; whole seconds, as blob storage keeps.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        // Every write makes a new version, as a blob's ETag changes.
        _images[name] = new StoredImage(
            name,
            content.ToArray(),
            new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase),
            contentType,
            now,
            $"\"{Interlocked.Increment(ref _writes):x}\"");
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_images.TryRemove(name, out _));
}
