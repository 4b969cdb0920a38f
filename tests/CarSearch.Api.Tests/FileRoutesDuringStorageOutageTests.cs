using System.Net;
using System.Text.Json;
using CarSearch.Api.Http;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Storage;
using CarSearch.Tests;

namespace CarSearch.Api.Tests;

/// <summary>
/// While storage does not answer, the routes that read stored files say so (503 problem with Retry-After, the storage's
/// reason) instead of a bare 500, and searches, which need only the index, go on.
/// </summary>
public sealed class FileRoutesDuringStorageOutageTests : IAsyncLifetime
{
    private const string Reason = "Cannot reach the image storage (car-images): Connection refused.";

    private ApiTestHost? _host;
    private string _id = "";

    private ApiTestHost Host => _host!;

    public async Task InitializeAsync()
    {
        _host = await ApiTestHost.StartAsync();
        _id = (await Host.AddImageAsync(KitCatalog.Images[0], new Dictionary<string, string>())).Id;
        var outage = new StorageUnavailableException(Reason);
        Host.Store.Outage = outage;
        Host.Thumbnails.Outage = outage;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Theory]
    [InlineData("content")]
    [InlineData("thumbnail")]
    public async Task AStoredFileAskedForDuringAnOutageIsA503NamingTheReason(string route)
    {
        var response = await Host.Client.GetAsync(new Uri($"api/images/{Uri.EscapeDataString(_id)}/{route}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(ApiProblems.StorageRetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Storage unavailable", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains(Reason, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchesGoOnDuringAnOutage()
    {
        var response = await Host.Client.GetAsync(new Uri("api/search?q=a+car", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(_id, answer.RootElement.GetProperty("results")[0].GetProperty("id").GetString());
    }
}
