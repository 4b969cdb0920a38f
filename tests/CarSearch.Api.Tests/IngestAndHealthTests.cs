using System.Net;
using System.Text.Json;
using CarSearch.Api.Model;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Core.Ingest.Reindex;
using CarSearch.Core.Storage;
using CarSearch.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Api.Tests;

/// <summary>GET ingest/status, POST manage/reindex and GET health.</summary>
[Collection(KitApi.Name)]
public sealed class IngestAndHealthTests(KitApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task StatusShowsCountsFailuresAndReindexInCamelCase()
    {
        var at = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
        fixture.Host.Status.Status = new IngestStatus(
            Indexed: 11, Failed: 1, Pending: 2,
            Failures: [new IngestFailure("notes.txt", "The file is not an image format we recognise.", at)],
            Reindex: new ReindexProgress(Running: true, Force: false, Total: 11, Done: 4, Failed: 0, at, FinishedAt: null));

        var response = await _client.GetAsync("/api/ingest/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(11, json.GetProperty("indexed").GetInt64());
        Assert.Equal(1, json.GetProperty("failed").GetInt64());
        Assert.Equal(2, json.GetProperty("pending").GetInt64());
        var failure = Assert.Single(json.GetProperty("failures").EnumerateArray().ToList());
        Assert.Equal("notes.txt", failure.GetProperty("name").GetString());
        Assert.Equal("The file is not an image format we recognise.", failure.GetProperty("reason").GetString());
        Assert.Equal(at, failure.GetProperty("at").GetDateTimeOffset());
        var reindex = json.GetProperty("reindex");
        Assert.True(reindex.GetProperty("running").GetBoolean());
        Assert.Equal(4, reindex.GetProperty("done").GetInt64());
        Assert.Equal(11, reindex.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("manage/reindex", "", false)]
    [InlineData("manage/reindex", "?force=true", true)]
    [InlineData("manage/reindex", "?force=False", false)]
    [InlineData("manage/reindex", "?force", true)]
    [InlineData("admin/reindex", "?force=true", true)]
    public async Task ReindexStartsInTheBackgroundAndPointsAtTheStatus(string route, string query, bool force)
    {
        var before = fixture.Host.Reindex.Requests.Count;

        var response = await _client.PostAsync($"/api/{route}{query}", content: null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/ingest/status", response.Headers.Location?.OriginalString);
        var progress = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(force, progress.GetProperty("force").GetBoolean());
        Assert.True(progress.GetProperty("running").GetBoolean());
        Assert.Equal(force, fixture.Host.Reindex.Requests[before]);
    }

    [Fact]
    public async Task ReindexRefusesAForceThatIsNotTrueOrFalse()
    {
        var response = await _client.PostAsync("/api/manage/reindex?force=maybe", content: null);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "force", "maybe");
    }

    [Fact]
    public async Task HealthReportsModelIndexAndDocuments()
    {
        var health = await ApiAssert.OkJsonAsync<HealthResponse>(await _client.GetAsync("/api/health"));

        Assert.Equal(("ok", fixture.Host.Embedder.ModelId, IndexOptions.LocalKind, (long)KitCatalog.Images.Count), (health.Status, health.ModelId, health.Index, health.Documents));
        Assert.Equal(StorageStatus.Ok, health.Storage.State);
    }

    [Fact]
    public async Task HealthIsDegradedButAnswersWhenStorageCannotBeReachedAndSaysWhyWithoutTheKey()
    {
        await using var host = await ApiTestHost.StartAsync(services => services.AddSingleton<IImageStore, UnreachableStore>());

        var health = await ApiAssert.OkJsonAsync<HealthResponse>(await host.Client.GetAsync("/api/health"));

        Assert.Equal((HealthResponse.Degraded, StorageStatus.Unreachable), (health.Status, health.Storage.State));
        Assert.Contains("Connection refused", health.Storage.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(UnreachableStore.Key, health.Storage.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthIsUnavailableWhenTheIndexCannotBeReached()
    {
        await using var host = await ApiTestHost.StartAsync(services => services.AddSingleton<IVectorIndex, UnreachableIndex>());

        var response = await host.Client.GetAsync("/api/health");

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "index", "cannot be reached");
        Assert.DoesNotContain(UnreachableIndex.Secret, problem.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>A store whose service is down, with a key in its error, as a careless SDK might put one.</summary>
    private sealed class UnreachableStore : IImageStore
    {
        public const string Key = "c2VjcmV0a2V5";

        public Task EnsureExistsAsync(CancellationToken cancellationToken = default) => throw Error();

        public Task<bool> ExistsAsync(CancellationToken cancellationToken = default) => throw Error();

        public IAsyncEnumerable<StoredImageInfo> ListAsync(CancellationToken cancellationToken = default) => throw Error();

        public Task<StoredImage?> GetAsync(string name, CancellationToken cancellationToken = default) => throw Error();

        private static HttpRequestException Error() =>
            new("Retry failed", new IOException($"Connection refused (127.0.0.1:10000) AccountKey={Key};"));
    }

    /// <summary>An index whose every call fails, as a Cosmos DB account behind a broken network would.</summary>
    private sealed class UnreachableIndex : IVectorIndex
    {
        public const string Secret = "connection string AccountKey=c2VjcmV0";

        public string Kind => IndexOptions.CosmosKind;

        public Task InitializeAsync(CancellationToken cancellationToken = default) => Fail();

        public Task UpsertAsync(ImageDocument document, CancellationToken cancellationToken = default) => Fail();

        public Task<ImageDocument?> GetAsync(string id, CancellationToken cancellationToken = default) => Fail<ImageDocument?>();

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => Fail<bool>();

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => Fail<long>();

        public IAsyncEnumerable<IndexEntry> ListAsync(CancellationToken cancellationToken = default) => throw new HttpRequestException(Secret);

        public Task<IReadOnlyList<ImageDocument>> ListDuplicatesAsync(
            IReadOnlyCollection<string> representativeIds, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException(Secret);

        public Task<SearchPage> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default) => Fail<SearchPage>();

        private static Task Fail() => Task.FromException(new HttpRequestException(Secret));

        private static Task<T> Fail<T>() => Task.FromException<T>(new HttpRequestException(Secret));
    }
}
