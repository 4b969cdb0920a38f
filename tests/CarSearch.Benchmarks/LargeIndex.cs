using System.Globalization;
using CarSearch.Core.Index;

namespace CarSearch.Benchmarks;

/// <summary>
/// The documents of the large-index measurements (reopen, compaction): 12 MP photos with two metadata fields and a
/// source version, as an ingest stores them, written by many writers at once as a folder's ingest does.
/// </summary>
internal static class LargeIndex
{
    public static async Task FillAsync(IVectorIndex index, ClipLikeVectors vectors, int size)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < size; i = Interlocked.Increment(ref next))
            {
                await index.UpsertAsync(Document(i, Image(vectors, i)));
            }
        })));
    }

    /// <summary>An image of the cluster <paramref name="number"/> falls in; the generator is not thread-safe.</summary>
    public static float[] Image(ClipLikeVectors vectors, int number)
    {
        lock (vectors)
        {
            return vectors.Image(number % vectors.Clusters);
        }
    }

    public static ImageDocument Document(int number, float[] embedding) => new()
    {
        Id = $"car-{number}.jpg",
        Name = $"cars/car-{number}.jpg",
        ContentHash = number.ToString("x64", CultureInfo.InvariantCulture),
        Width = 4000,
        Height = 3000,
        Format = "JPEG",
        SizeBytes = 3_500_000,
        Metadata = new Dictionary<string, string> { ["make"] = $"make-{number % 30}", ["year"] = $"{1990 + (number % 35)}" },
        ModelId = "benchmark",
        IndexedAt = DateTimeOffset.UtcNow,
        Embedding = embedding,
        SourceVersion = $"0x8DD{number:X8}",
    };
}
