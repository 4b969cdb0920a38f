using System.Globalization;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using Microsoft.Extensions.Options;

namespace CarSearch.Benchmarks;

/// <summary>
/// The documents of the large-index measurements (reopen, compaction): 12 MP photos with two metadata fields and a
/// source version, as an ingest stores them, written by many writers at once as a folder's ingest does.
/// </summary>
internal static class LargeIndex
{
    public const int Dimensions = 512;

    /// <summary>The embedded index in <paramref name="directory"/>, for 512-d vectors.</summary>
    public static EmbeddedVectorIndex Open(string directory) =>
        new(Options.Create(new IndexOptions { Dimensions = Dimensions, Local = new LocalIndexOptions { Directory = directory } }));

    /// <summary>The vector generator of an index of <paramref name="size"/> documents (seeded by the size).</summary>
    public static ClipLikeVectors Vectors(int size) => new(Dimensions, 300, seed: size);

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
