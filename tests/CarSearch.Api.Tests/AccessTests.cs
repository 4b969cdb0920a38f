using System.Net;
using CarSearch.Api.Tests.Infrastructure;

namespace CarSearch.Api.Tests;

/// <summary>Who may call what: the local host's manage routes answer its own machine only; other sites' pages only when configured.</summary>
public sealed class AccessTests
{
    [Theory]
    [InlineData("manage/reindex", "203.0.113.7")]
    [InlineData("admin/reindex", "192.168.1.20")]
    [InlineData("manage/reindex", "2001:db8::1")]
    public async Task AManageRouteRefusesAnotherMachineAndStartsNothing(string route, string remote)
    {
        await using var host = await ApiTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{route}?force=true");
        request.Headers.Add(ApiTestHost.RemoteAddressHeader, remote);

        var response = await host.Client.SendAsync(request);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Forbidden, "only requests from the machine itself");
        Assert.Empty(host.Reindex.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task AManageRouteAnswersTheMachineItself(string remote)
    {
        await using var host = await ApiTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/manage/reindex");
        request.Headers.Add(ApiTestHost.RemoteAddressHeader, remote);

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(host.Reindex.Requests);
    }

    [Fact]
    public async Task SearchesAnswerAnyMachine()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=car");
        request.Headers.Add(ApiTestHost.RemoteAddressHeader, "203.0.113.7");

        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/search?q=car")]
    [InlineData("OPTIONS", "/api/search/image")]
    public async Task WithoutConfiguredOriginsNoOtherSiteMayReadTheApi(string method, string path)
    {
        await using var host = await ApiTestHost.StartAsync();

        var response = await host.Client.SendAsync(CrossOrigin(method, path, "https://elsewhere.example"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AConfiguredOriginMayReadTheApiAndNoOtherMay()
    {
        await using var host = await ApiTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CarSearch:Api:CorsOrigins:0"] = "https://shop.example",
        });

        var allowed = await host.Client.SendAsync(CrossOrigin("GET", "/api/search?q=car", "https://shop.example"));
        var preflight = await host.Client.SendAsync(CrossOrigin("OPTIONS", "/api/search/image", "https://shop.example"));
        var other = await host.Client.SendAsync(CrossOrigin("GET", "/api/search?q=car", "https://elsewhere.example"));

        Assert.Equal("https://shop.example", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", string.Join(',', preflight.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage CrossOrigin(string method, string path, string origin)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", origin);
        if (method == "OPTIONS")
        {
            request.Headers.Add("Access-Control-Request-Method", "POST");
        }

        return request;
    }
}
