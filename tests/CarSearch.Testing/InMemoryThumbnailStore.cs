using System.Collections.Concurrent;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Storage;
using CarSearch.Core.Thumbnails;

namespace CarSearch.Tests;

/// <summary>
/// An <see cref="IThumbnailStore"/> in memory, for tests of the thumbnail route that need no blob storage. Counts reads,
/// so a test can tell a revalidation answered from the index alone. Thread-safe.
/// </summary>
public sealed class InMemoryThumbnailStore : IThumbnailStore
{
    private readonly ConcurrentDictionary<string, StoredThumbnail> _thumbnails = new(StringComparer.Ordinal);
    private int _reads;

    public int Count => _thumbnails.Count;

    /// <summary>Calls to <see cref="GetAsync"/> so far.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public StoredThumbnail? Find(string imageName) => _thumbnails.GetValueOrDefault(imageName);

    /// <summary>When set, reads throw it, as the blob store does when storage does not answer.</summary>
    public StorageUnavailableException? Outage { get; set; }

    public Task<StoredThumbnail?> GetAsync(string imageName, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return Outage is { } outage
            ? Task.FromException<StoredThumbnail?>(outage)
            : Task.FromResult(_thumbnails.GetValueOrDefault(imageName));
    }

    public Task PutAsync(string imageName, ImageThumbnail thumbnail, string sourceHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(thumbnail);
        _thumbnails[imageName] = new StoredThumbnail(thumbnail.Content.ToArray(), sourceHash);
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string imageName, CancellationToken cancellationToken = default) =>
        Task.FromResult(_thumbnails.TryRemove(imageName, out _));
}
