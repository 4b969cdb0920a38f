using CarSearch.Core.Index;
using CarSearch.Index.Contract;

namespace CarSearch.Cosmos.Tests.Contract;

/// <summary>
/// The index contract against a real Azure Cosmos DB account (see <see cref="LiveCosmosAccount"/> for the environment);
/// skipped when none is configured. Test corpora stay far below the ~1,000 vectors at which the vector index takes
/// over from a full scan, so the ranking is exact here as well.
/// </summary>
public sealed class LiveCosmosContractTests(LiveCosmosAccount account) : VectorIndexContractTests, IClassFixture<LiveCosmosAccount>
{
    protected override int Dimensions => account.Options.Dimensions;

    protected override Task<IVectorIndex> CreateIndexAsync()
    {
        Skip.If(account.SkipReason is not null, account.SkipReason);
        return account.CreateEmptyIndexAsync();
    }
}
