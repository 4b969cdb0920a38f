using CarSearch.Core.Index;

namespace CarSearch.Cosmos.Tests;

/// <summary>Documents and unit vectors for tests, made from a seed so every run sees the same ones.</summary>
internal static class TestDocuments
{
    public static float[] UnitVector(int seed, int dimensions)
    {
        var random = new Random(seed);
        var vector = new float[dimensions];
        double norm = 0;
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }

    public static ImageDocument Create(string id, int seed, int dimensions, IReadOnlyDictionary<string, string>? metadata = null) => new()
    {
        Id = id,
        Name = id + ".jpg",
        ContentHash = Convert.ToHexStringLower(BitConverter.GetBytes(seed)),
        Width = 640 + seed,
        Height = 480,
        Format = "JPEG",
        SizeBytes = 1000 + seed,
        Metadata = metadata ?? new Dictionary<string, string>(),
        ModelId = "clip-vit-b-32",
        IndexedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddMinutes(seed),
        Embedding = UnitVector(seed, dimensions),
    };
}
