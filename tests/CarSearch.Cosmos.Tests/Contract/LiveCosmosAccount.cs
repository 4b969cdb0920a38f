using CarSearch.Core.Index;
using Microsoft.Azure.Cosmos;

namespace CarSearch.Cosmos.Tests.Contract;

/// <summary>
/// A real Cosmos DB account from the environment, for <see cref="LiveCosmosContractTests"/>: COSMOS_ENDPOINT (without
/// it the tests skip), COSMOS_KEY (else DefaultAzureCredential), COSMOS_DATABASE (default carsearch-tests) and
/// COSMOS_CONTAINER (an existing vector container to reuse; without it one is created for the run and deleted after,
/// which needs the key: an identity cannot create containers through the data plane).
/// </summary>
public sealed class LiveCosmosAccount : IAsyncLifetime
{
    private bool _createdContainer;

    /// <summary>Why the live tests cannot run here; null when an account is configured.</summary>
    public string? SkipReason { get; private set; }

    public CosmosClient? Client { get; private set; }

    public IndexOptions Options { get; } = new() { Kind = IndexOptions.CosmosKind };

    public async Task InitializeAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable("COSMOS_ENDPOINT");
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            SkipReason = "COSMOS_ENDPOINT is not set: the contract suite runs against a real Cosmos DB account only when one is configured.";
            return;
        }

        var existing = Environment.GetEnvironmentVariable("COSMOS_CONTAINER");
        _createdContainer = string.IsNullOrWhiteSpace(existing);
        Options.Cosmos = new CosmosIndexOptions
        {
            Endpoint = endpoint,
            Key = Environment.GetEnvironmentVariable("COSMOS_KEY"),
            Database = Environment.GetEnvironmentVariable("COSMOS_DATABASE") is { Length: > 0 } database ? database : "carsearch-tests",
            Container = _createdContainer ? $"contract-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..40] : existing!,
            CreateIfNotExists = _createdContainer,
        };
        Client = CosmosClientFactory.Create(Options.Cosmos);
        await NewIndex().InitializeAsync();
    }

    /// <summary>An index over the run's container, emptied so that every test starts from nothing.</summary>
    public async Task<IVectorIndex> CreateEmptyIndexAsync()
    {
        var index = NewIndex();
        var ids = new List<string>();
        await foreach (var entry in index.ListAsync())
        {
            ids.Add(entry.Id);
        }

        foreach (var id in ids)
        {
            await index.DeleteAsync(id);
        }

        return index;
    }

    public async Task DisposeAsync()
    {
        if (Client is null)
        {
            return;
        }

        if (_createdContainer)
        {
            await Client.GetContainer(Options.Cosmos.Database, Options.Cosmos.Container).DeleteContainerAsync();
        }

        Client.Dispose();
    }

    private CosmosVectorIndex NewIndex() => new(Client!, Microsoft.Extensions.Options.Options.Create(Options));
}
