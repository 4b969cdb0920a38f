using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Serve;

/// <summary>
/// One Azurite for every test that runs serve against it. The tests of the collection run one after another, so no two
/// serve hosts compete for the account's shared poison queue.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedAzurite : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azurite";
}
