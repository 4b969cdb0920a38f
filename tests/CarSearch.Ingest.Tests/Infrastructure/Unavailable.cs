using System.Runtime.CompilerServices;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Core.Thumbnails;

namespace CarSearch.Ingest.Tests.Infrastructure;

/// <summary>An index whose service is down: every call fails as a network error would.</summary>
public sealed class UnavailableIndex : IVectorIndex
{
    public string Kind => "unavailable";

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Fail();

    public Task UpsertAsync(ImageDocument document, CancellationToken cancellationToken = default) => Fail();

    public Task<ImageDocument?> GetAsync(string id, CancellationToken cancellationToken = default) => Fail<ImageDocument?>();

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => Fail<bool>();

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => Fail<long>();

    public async IAsyncEnumerable<IndexEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Fail();
        yield break;
    }

    public Task<SearchPage> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default) => Fail<SearchPage>();

    public Task<IReadOnlyList<ImageDocument>> ListDuplicatesAsync(
        IReadOnlyCollection<string> representativeIds, CancellationToken cancellationToken = default) =>
        Fail<IReadOnlyList<ImageDocument>>();

    private static Task Fail() => Task.FromException(Unreachable.Error());

    private static Task<T> Fail<T>() => Task.FromException<T>(Unreachable.Error());
}

/// <summary>A failure ledger whose storage is down.</summary>
public sealed class UnavailableLedger : IIngestLedger
{
    public Task RecordAsync(
        string name, string? version, IngestFailureKind kind, string reason, CancellationToken cancellationToken = default) =>
        Task.FromException(Unreachable.Error());

    public Task<bool> ClearAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromException<bool>(Unreachable.Error());

    public Task<IReadOnlyList<IngestFailure>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromException<IReadOnlyList<IngestFailure>>(Unreachable.Error());
}

/// <summary>A thumbnail container whose storage is down.</summary>
public sealed class UnavailableThumbnailStore : IThumbnailStore
{
    public Task<StoredThumbnail?> GetAsync(string imageName, CancellationToken cancellationToken = default) =>
        Task.FromException<StoredThumbnail?>(Unreachable.Error());

    public Task PutAsync(string imageName, ImageThumbnail thumbnail, string sourceHash, CancellationToken cancellationToken = default) =>
        Task.FromException(Unreachable.Error());

    public Task<bool> DeleteAsync(string imageName, CancellationToken cancellationToken = default) =>
        Task.FromException<bool>(Unreachable.Error());
}

/// <summary>The error the stand-ins fail with, so tests can tell it from any other.</summary>
public static class Unreachable
{
    public const string Message = "The service is unreachable (test stand-in).";

    public static IOException Error() => new(Message);
}
