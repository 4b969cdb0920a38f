using CarSearch.Core.Storage;
using CarSearch.Storage;

namespace CarSearch.Cli.Indexing;

/// <summary>Where <c>carsearch index</c> puts images: the seam between the upload loop and blob storage.</summary>
public interface IImageUploadTarget
{
    /// <summary>Where the images go, for messages (never with a key or SAS token).</summary>
    string Description { get; }

    /// <summary>Creates the container if it is missing; proves the storage can be reached and used.</summary>
    /// <exception cref="StorageUnavailableException">It cannot be reached or refuses us.</exception>
    Task EnsureReadyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes the blob <paramref name="name"/> hold <paramref name="content"/> and at least <paramref name="metadata"/>
    /// (keys it already has and are not given are kept), sending only what is missing.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage stopped answering: no further upload can succeed.</exception>
    /// <exception cref="UploadFailedException">Storage refused this one blob.</exception>
    Task<UploadResult> UploadIfChangedAsync(
        string name, ReadOnlyMemory<byte> content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken);
}

/// <summary>Storage refused one upload; the message says why.</summary>
public sealed class UploadFailedException(string message, Exception? innerException = null) : Exception(message, innerException);
