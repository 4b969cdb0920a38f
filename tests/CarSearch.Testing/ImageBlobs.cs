using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CarSearch.Storage;

namespace CarSearch.Tests;

/// <summary>
/// The images' container as the tests write it: uploads through Storage's <see cref="BlobImageUploader"/>, the same rule
/// <c>carsearch index</c> uploads by, and deletes as any storage client makes them (the app itself never deletes images).
/// </summary>
public sealed class ImageBlobs(BlobContainerClient container)
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    private readonly BlobImageUploader _uploader = new(container);

    public BlobContainerClient Container { get; } = container;

    public ImageBlobs(string connectionString, string containerName)
        : this(new BlobContainerClient(connectionString, containerName))
    {
    }

    /// <summary>Makes the blob hold <paramref name="content"/> and at least <paramref name="metadata"/> (see <see cref="BlobImageUploader"/>).</summary>
    public Task<UploadResult> UploadAsync(
        string name, ReadOnlyMemory<byte> content, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default) =>
        _uploader.UploadIfChangedAsync(name, content, metadata ?? NoMetadata, cancellationToken: cancellationToken);

    /// <summary>Deletes the blob; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        (await Container.DeleteBlobIfExistsAsync(name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
}
