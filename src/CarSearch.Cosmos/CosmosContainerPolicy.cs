using System.Collections.ObjectModel;
using CarSearch.Core.Index;
using Microsoft.Azure.Cosmos;

namespace CarSearch.Cosmos;

/// <summary>
/// The container shape the index needs: partition key, vector embedding policy and indexing policy. Used to create
/// the container and to check that an existing one (made by infrastructure code) fits the configured model.
/// </summary>
public static class CosmosContainerPolicy
{
    /// <summary>
    /// Partition key path. Every document is its own logical partition: writes spread evenly, no logical partition
    /// can grow hot or reach the 20 GB cap, and reads by id are point reads. Vector search fans out over physical
    /// partitions whatever the key is, so a key like the make would only add skew.
    /// </summary>
    public const string PartitionKeyPath = "/id";

    /// <summary>Where a document keeps its embedding.</summary>
    public const string EmbeddingPath = "/embedding";

    /// <summary>The embedding is only searched by the vector index; range-indexing 512 numbers per item wastes RUs.</summary>
    public const string ExcludedEmbeddingPath = EmbeddingPath + "/*";

    /// <summary>Configuration value for a DiskANN vector index (the default).</summary>
    public const string DiskAnnIndexType = "diskANN";

    /// <summary>Configuration value for a quantized flat vector index.</summary>
    public const string QuantizedFlatIndexType = "quantizedFlat";

    /// <summary>Cosmos DB's limit for the exact flat index, below CLIP's 512: why flat is not offered.</summary>
    public const int FlatIndexMaxDimensions = 505;

    /// <summary>The largest vector a Cosmos DB vector embedding policy accepts.</summary>
    public const int MaxDimensions = 4096;

    /// <summary>The index types this app accepts, for messages.</summary>
    public static IReadOnlyList<string> SupportedIndexTypes { get; } = [DiskAnnIndexType, QuantizedFlatIndexType];

    /// <summary>Maps the configured index type (case-insensitive) to the SDK's; null when it is not supported.</summary>
    public static VectorIndexType? ParseIndexType(string? configured) =>
        configured?.Trim().ToLowerInvariant() switch
        {
            "diskann" => VectorIndexType.DiskANN,
            "quantizedflat" => VectorIndexType.QuantizedFlat,
            _ => null,
        };

    /// <summary>The properties of the container to create for the given options (already validated).</summary>
    public static ContainerProperties Build(string containerName, int dimensions, string vectorIndexType)
    {
        var indexType = ParseIndexType(vectorIndexType)
            ?? throw new ArgumentException($"Unsupported vector index type '{vectorIndexType}'.", nameof(vectorIndexType));

        var properties = new ContainerProperties(containerName, PartitionKeyPath)
        {
            VectorEmbeddingPolicy = new VectorEmbeddingPolicy(new Collection<Embedding>
            {
                new()
                {
                    Path = EmbeddingPath,
                    DataType = VectorDataType.Float32,
                    DistanceFunction = DistanceFunction.Cosine,
                    Dimensions = dimensions,
                },
            }),
        };
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/*" });
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = ExcludedEmbeddingPath });
        properties.IndexingPolicy.VectorIndexes.Add(new VectorIndexPath { Path = EmbeddingPath, Type = indexType });
        return properties;
    }

    /// <summary>
    /// Why an existing container cannot serve this index, or null when it can. Checked at start so that a container
    /// made for another model (another dimension or metric) fails loudly instead of returning nonsense scores.
    /// </summary>
    public static string? FindMismatch(ContainerProperties existing, int dimensions)
    {
        var paths = existing.PartitionKeyPaths ?? [existing.PartitionKeyPath];
        if (paths.Count != 1 || paths[0] != PartitionKeyPath)
        {
            return $"its partition key is '{string.Join(",", paths)}', expected '{PartitionKeyPath}'";
        }

        var embedding = existing.VectorEmbeddingPolicy?.Embeddings?.FirstOrDefault(e => e.Path == EmbeddingPath);
        if (embedding is null)
        {
            return $"it has no vector embedding policy for '{EmbeddingPath}'";
        }

        if (embedding.Dimensions != dimensions)
        {
            return $"its vector policy has {embedding.Dimensions} dimensions, the model has {dimensions}";
        }

        if (embedding.DistanceFunction != DistanceFunction.Cosine)
        {
            return $"its vector policy uses {embedding.DistanceFunction} distance, expected cosine";
        }

        if (embedding.DataType != VectorDataType.Float32)
        {
            return $"its vector policy stores {embedding.DataType}, expected float32";
        }

        return null;
    }
}
