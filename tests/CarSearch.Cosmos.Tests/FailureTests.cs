using System.Net;
using CarSearch.Tests.Cosmos;

namespace CarSearch.Cosmos.Tests;

/// <summary>Throttling is the SDK's to retry; every other failure surfaces as a clear <see cref="CosmosIndexException"/>.</summary>
public class FailureTests
{
    private const int Dimensions = 8;

    [Fact]
    public async Task AWriteThrottledOnceWithRetryAfterIsRetriedAndSucceeds()
    {
        using var account = await InitializedAsync();
        account.Handler.FailNext(IsUpsert, HttpStatusCode.TooManyRequests, times: 1, retryAfter: TimeSpan.FromMilliseconds(10));
        var document = TestDocuments.Create("throttled", 1, Dimensions);

        await account.Index.UpsertAsync(document);

        Assert.Equal(2, account.Requests(IsUpsert).Count);
        Assert.NotNull(await account.Index.GetAsync(document.Id));
    }

    [Fact]
    public async Task AQueryPageThrottledOnceIsRetriedAndSucceeds()
    {
        using var account = await InitializedAsync();
        await account.Index.UpsertAsync(TestDocuments.Create("one", 1, Dimensions));
        account.Handler.FailNext(r => r.IsQuery, HttpStatusCode.TooManyRequests, times: 1, retryAfter: TimeSpan.FromMilliseconds(10));

        var page = await account.Index.SearchAsync(new(TestDocuments.UnitVector(2, Dimensions)));

        Assert.Equal("one", Assert.Single(page.Hits).Id);
    }

    [Fact]
    public async Task ThrottlingThatOutlastsTheRetriesSaysSoAndWhatToDo()
    {
        using var account = await InitializedAsync(client: o => o.MaxRetryAttemptsOnRateLimitedRequests = 1);
        account.Handler.FailNext(IsUpsert, HttpStatusCode.TooManyRequests, times: 5, retryAfter: TimeSpan.FromMilliseconds(10));

        var error = await Assert.ThrowsAsync<CosmosIndexException>(() => account.Index.UpsertAsync(TestDocuments.Create("hot", 1, Dimensions)));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Contains("429", error.Message, StringComparison.Ordinal);
        Assert.Contains("RU/s", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<HttpStatusCode, string> Failures => new()
    {
        { HttpStatusCode.Forbidden, "Data Contributor" },
        { HttpStatusCode.ServiceUnavailable, "retried later" },
        { HttpStatusCode.InternalServerError, "" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task AFailedWriteNamesTheOperationTheDocumentTheStatusAndAHint(HttpStatusCode status, string hint)
    {
        using var account = await InitializedAsync();
        account.Handler.FailNext(IsUpsert, status, times: 10);

        var error = await Assert.ThrowsAsync<CosmosIndexException>(() => account.Index.UpsertAsync(TestDocuments.Create("doomed", 1, Dimensions)));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains("upsert of document 'doomed'", error.Message, StringComparison.Ordinal);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains(account.Options.Cosmos.Container, error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedSearchIsAClearErrorNotAnEmptyPage()
    {
        using var account = await InitializedAsync();
        await account.Index.UpsertAsync(TestDocuments.Create("one", 1, Dimensions));
        account.Handler.FailNext(r => r.IsQuery, HttpStatusCode.Forbidden, times: 10);

        var error = await Assert.ThrowsAsync<CosmosIndexException>(() => account.Index.SearchAsync(new(TestDocuments.UnitVector(2, Dimensions))));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("vector search", error.Operation);
    }

    [Fact]
    public async Task AReadOfAMissingContainerIsAnErrorNotAMissingDocument()
    {
        using var account = await InitializedAsync();
        var elsewhere = new CosmosVectorIndex(account.Client, Microsoft.Extensions.Options.Options.Create(new Core.Index.IndexOptions
        {
            Dimensions = Dimensions,
            Cosmos = new() { Endpoint = FakeCosmosHandler.Endpoint, Database = account.Options.Cosmos.Database, Container = "gone" },
        }));

        var error = await Assert.ThrowsAsync<CosmosIndexException>(() => elsewhere.GetAsync("any"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("'gone'", error.Message, StringComparison.Ordinal);
    }

    private static bool IsUpsert(RecordedRequest r) =>
        r.Method == HttpMethod.Post && r.Segments is [.., "docs"] && !r.IsQuery && !r.IsQueryPlan;

    private static async Task<FakeCosmosAccount> InitializedAsync(Action<Microsoft.Azure.Cosmos.CosmosClientOptions>? client = null)
    {
        var account = new FakeCosmosAccount(o => o.Dimensions = Dimensions, client: client);
        await account.Index.InitializeAsync();
        return account;
    }
}
