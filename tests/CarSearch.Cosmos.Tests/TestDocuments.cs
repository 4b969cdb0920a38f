using CarSearch.Core.Index;
using CarSearch.Index.Contract;

namespace CarSearch.Cosmos.Tests;

/// <summary>Documents and unit vectors for the wire tests, made from a seed with the contract suite's helpers.</summary>
internal static class TestDocuments
{
    public static float[] UnitVector(int seed, int dimensions) => new TestVectors(dimensions, seed).NextUnit();

    /// <summary>A document with every field set; <paramref name="name"/> is plain, so it is also the id.</summary>
    public static ImageDocument Create(string name, int seed, int dimensions, IReadOnlyDictionary<string, string>? metadata = null) =>
        ContractDocuments.Create(name, UnitVector(seed, dimensions), metadata);
}
