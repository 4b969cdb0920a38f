using CarSearch.Core.Index;

namespace CarSearch.Cosmos;

/// <summary>
/// The Cosmos DB container exists but was made for another index (partition key, vector path, dimensions, distance or
/// data type differ), so it would answer with meaningless scores. Found at start; the message names the difference
/// and the fix. A <see cref="CosmosIndexException"/> like every other failure of this index, so one catch covers both;
/// a type of its own because no retry or role assignment helps, only another container.
/// </summary>
public sealed class CosmosContainerMismatchException : CosmosIndexException
{
    private const string CosmosSection = IndexOptions.SectionName + ":" + nameof(IndexOptions.Cosmos);

    /// <param name="target">The container as messages name it: "container 'images' of database 'carsearch'".</param>
    /// <param name="mismatch">What differs, as <see cref="CosmosContainerPolicy.FindMismatch"/> says it.</param>
    public CosmosContainerMismatchException(string target, string mismatch)
        : base(
            $"The Cosmos DB {target} cannot hold this index: {mismatch}. A container's partition key and vector policy "
            + "cannot be changed: delete the container and deploy it again (or let the app create it with "
            + $"{CosmosSection}:{nameof(CosmosIndexOptions.CreateIfNotExists)} = true), or point "
            + $"{CosmosSection}:{nameof(CosmosIndexOptions.Container)} at another container.")
    {
        Mismatch = mismatch;
        Operation = "check of the container's policy";
    }

    /// <summary>What differs, e.g. "its vector policy has 768 dimensions, the model has 512".</summary>
    public string Mismatch { get; }
}
