using Azure.Core;
using CarSearch.Tests.Cosmos;

namespace CarSearch.Cosmos.Tests;

/// <summary>The account key signs requests when it is configured; otherwise an Entra ID token (managed identity) does.</summary>
public class AuthenticationTests
{
    [Fact]
    public async Task WithAKeyRequestsAreSignedWithTheKey()
    {
        using var account = new FakeCosmosAccount(o => o.Dimensions = 4);

        await account.Index.InitializeAsync();

        var authorization = Authorization(account.Requests(r => r.Segments is ["dbs", ..]).First());
        Assert.StartsWith("type=master&ver=1.0&sig=", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAKeyRequestsCarryTheIdentitysToken()
    {
        var credential = new StaticTokenCredential("token-of-the-managed-identity");
        using var account = new FakeCosmosAccount(o => { o.Dimensions = 4; o.Cosmos.Key = null; }, credential);

        await account.Index.InitializeAsync();

        var authorization = Authorization(account.Requests(r => r.Segments is ["dbs", ..]).First());
        Assert.Equal("type=aad&ver=1.0&sig=token-of-the-managed-identity", authorization);
        // The token is asked for the account itself, which is what its data-plane role assignments grant.
        Assert.Equal($"https://{new Uri(FakeCosmosHandler.Endpoint).Host}/.default", credential.Scopes.Distinct().Single());
    }

    private static string Authorization(RecordedRequest request) => Uri.UnescapeDataString(request.Header("authorization")!);

    private sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                Scopes.AddRange(requestContext.Scopes);
            }

            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
