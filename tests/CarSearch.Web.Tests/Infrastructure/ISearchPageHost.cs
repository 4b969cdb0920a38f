namespace CarSearch.Web.Tests.Infrastructure;

/// <summary>
/// A running CarSearch serving the page at <see cref="BaseUrl"/> and the API under <c>api/</c> beside it. The tests
/// need only this, so the host behind it can change (today <see cref="KestrelPageHost"/>; later <c>carsearch serve</c>).
/// </summary>
public interface ISearchPageHost : IAsyncDisposable
{
    /// <summary>Where the page is, ending with a slash (e.g. <c>http://127.0.0.1:5123/</c>).</summary>
    Uri BaseUrl { get; }

    /// <summary>
    /// Stores each image in the images container with its metadata, as an upload would, and returns once the app has
    /// indexed or rejected every one of them.
    /// </summary>
    Task SeedAsync(IReadOnlyList<SeedImage> images, CancellationToken cancellationToken = default);
}

/// <summary>A file to put in the images container: its blob name, bytes and metadata.</summary>
public sealed record SeedImage(string Name, byte[] Content, IReadOnlyDictionary<string, string> Metadata);
