using CarSearch.Core.Index;
using CarSearch.Tests.Cosmos;
using CarSearch.Index.Contract;

namespace CarSearch.Cosmos.Tests.Contract;

/// <summary>
/// The whole index contract, through the real SDK, against the in-process Gateway fake: proves the requests, the
/// paging and the mapping; the fake ranks exactly, as Cosmos DB does below ~1,000 vectors (a full scan).
/// </summary>
public sealed class FakeCosmosContractTests : VectorIndexContractTests
{
    private readonly List<FakeCosmosAccount> _accounts = [];

    protected override async Task<IVectorIndex> CreateIndexAsync()
    {
        var account = new FakeCosmosAccount(o => o.Dimensions = Dimensions);
        _accounts.Add(account);
        await account.Index.InitializeAsync();
        return account.Index;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var account in _accounts)
        {
            account.Dispose();
        }
    }
}
