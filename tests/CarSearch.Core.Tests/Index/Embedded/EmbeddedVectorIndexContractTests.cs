using CarSearch.Core.Index;
using CarSearch.Index.Contract;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>The embedded index passes the contract every index must.</summary>
public sealed class EmbeddedVectorIndexContractTests : VectorIndexContractTests
{
    private readonly List<IndexDirectory> _directories = [];

    protected override async Task<IVectorIndex> CreateIndexAsync()
    {
        var directory = new IndexDirectory();
        _directories.Add(directory);
        return await directory.OpenAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directories.ForEach(directory => directory.Dispose());
    }
}
