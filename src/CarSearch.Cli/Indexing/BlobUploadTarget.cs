using Azure.Storage.Blobs;
using CarSearch.Core.Storage;
using CarSearch.Storage;

namespace CarSearch.Cli.Indexing;

/// <summary>
/// A blob container as <see cref="IImageUploadTarget"/>: Storage's <see cref="BlobImageUploader"/> (the one upload
/// rule: skip by Content-MD5, Content-Type from the formats table, metadata merged), with its failures worded for the CLI.
/// </summary>
/// <param name="container">Where the images go.</param>
/// <param name="stallTimeout">
/// How long an upload may go without an answer or a byte sent before storage counts as gone
/// (<see cref="DefaultStallTimeout"/> unless given).
/// </param>
public sealed class BlobUploadTarget(BlobContainerClient container, TimeSpan? stallTimeout = null) : IImageUploadTarget
{
    /// <summary>
    /// Storage that takes no byte and answers nothing for this long has stopped (a frozen Azurite, a dead proxy); without
    /// it, the SDK waits 100 s per try, four tries, for each of the uploads in flight. Generous for a live storage,
    /// whose answers come in well under a second, and never cuts a slow upload that keeps moving.
    /// </summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _stallTimeout = stallTimeout ?? DefaultStallTimeout;
    private readonly BlobContainerClient _container = container ?? throw new ArgumentNullException(nameof(container));
    private readonly BlobImageUploader _uploader = new(container);

    public string Description => $"container {StorageConnection.Describe(_container)}";

    /// <summary>
    /// How long the first call may go unanswered (<see cref="StorageDeadline"/>): without it a frozen storage held the
    /// command for minutes without a word; creating a container takes well under a second when storage is well.
    /// </summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public Task EnsureReadyAsync(CancellationToken cancellationToken) =>
        GuardAsync(
            () => StorageDeadline.RunAsync(token => _container.CreateIfNotExistsAsync(cancellationToken: token), ConnectTimeout, cancellationToken: cancellationToken),
            connecting: true,
            cancellationToken);

    public Task<UploadResult> UploadIfChangedAsync(
        string name, ReadOnlyMemory<byte> content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(metadata);
        return GuardAsync(
            () => StorageDeadline.RunWhileProgressingAsync(
                (token, progress) => _uploader.UploadIfChangedAsync(name, content, metadata, progress, token), _stallTimeout, cancellationToken: cancellationToken),
            connecting: false,
            cancellationToken);
    }

    /// <summary>
    /// Turns the SDK's failures into ours, classified by <see cref="StorageErrors"/>: no answer at all (after the SDK's
    /// retries) or a failed sign-in means storage is unavailable; a refusal is about this blob, or about the whole
    /// account while <paramref name="connecting"/>.
    /// </summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> call, bool connecting, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && StorageErrors.Classify(error) is { } failure)
        {
            var reason = failure.Describe($"the {Description}");
            throw connecting || failure.Kind is StorageFailureKind.Unreachable or StorageFailureKind.SignInFailed
                ? new StorageUnavailableException(reason, error) { Failure = failure }
                : new UploadFailedException(reason, error);
        }
    }
}
