using Azure.Core;
using CarSearch.Core.Index;
using CarSearch.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace CarSearch.Tests.Cosmos;

/// <summary>A <see cref="FakeCosmosHandler"/> with the client and index the production factory builds over it.</summary>
public sealed class FakeCosmosAccount : IDisposable
{
    /// <summary>The Cosmos DB emulator's published, well-known key: any base64 key signs requests the same way.</summary>
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    static FakeCosmosAccount()
    {
        // Otherwise the SDK probes the Azure VM metadata endpoint once per process.
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
    }

    public FakeCosmosAccount(Action<IndexOptions>? configure = null, TokenCredential? credential = null, Action<CosmosClientOptions>? client = null)
    {
        Options = new IndexOptions
        {
            Kind = IndexOptions.CosmosKind,
            Cosmos = new CosmosIndexOptions { Endpoint = FakeCosmosHandler.Endpoint, Key = Key, CreateIfNotExists = true },
        };
        configure?.Invoke(Options);
        Client = CosmosClientFactory.Create(Options.Cosmos, credential, o =>
        {
            o.ConnectionMode = ConnectionMode.Gateway;
            o.LimitToEndpoint = true;
            o.HttpClientFactory = () => new HttpClient(Handler, disposeHandler: false);
            client?.Invoke(o);
        });
        Index = new CosmosVectorIndex(Client, Microsoft.Extensions.Options.Options.Create(Options));
    }

    public FakeCosmosHandler Handler { get; } = new();

    public IndexOptions Options { get; }

    public CosmosClient Client { get; }

    public CosmosVectorIndex Index { get; }

    /// <summary>The requests recorded so far that match.</summary>
    public List<RecordedRequest> Requests(Func<RecordedRequest, bool> match) => Handler.Requests.Where(match).ToList();

    public void Dispose()
    {
        Client.Dispose();
        Handler.Dispose();
    }
}
