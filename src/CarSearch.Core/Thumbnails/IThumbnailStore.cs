using CarSearch.Core.Embeddings.Images;

namespace CarSearch.Core.Thumbnails;

/// <summary>
/// Where thumbnails live (the <c>thumbnails</c> blob container beside the images): one per image name, tagged with the
/// SHA-256 of the image bytes it was made from, so a reader can tell a current thumbnail from one of replaced bytes.
/// </summary>
public interface IThumbnailStore
{
    /// <summary>The thumbnail stored for <paramref name="imageName"/>; null when there is none.</summary>
    Task<StoredThumbnail?> GetAsync(string imageName, CancellationToken cancellationToken = default);

    /// <summary>Stores (or replaces) the thumbnail of <paramref name="imageName"/>.</summary>
    /// <param name="sourceHash">Lower-case hex SHA-256 of the image bytes it was made from.</param>
    Task PutAsync(string imageName, ImageThumbnail thumbnail, string sourceHash, CancellationToken cancellationToken = default);

    /// <summary>Removes the thumbnail of <paramref name="imageName"/>; false when there was none.</summary>
    Task<bool> DeleteAsync(string imageName, CancellationToken cancellationToken = default);
}

/// <summary>A stored thumbnail (JPEG bytes) and the hash of the image bytes it shows.</summary>
public sealed record StoredThumbnail(ReadOnlyMemory<byte> Content, string SourceHash);
