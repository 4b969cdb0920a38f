using CarSearch.Core.Index;

namespace CarSearch.Tests;

/// <summary>
/// The documents the crash writer streams, a pure function of their number, so the test can rebuild each one
/// and check that what survived a kill is intact, field by field and bit by bit.
/// </summary>
public static class CrashDocuments
{
    public const int Dimensions = 512;

    /// <summary>Small enough that a stream of a few hundred writes crosses several compactions.</summary>
    public const long CompactionLogBytes = 128 * 1024;

    /// <summary>A line the writer prints once a write is committed; the trailing ';' shows the line is whole.</summary>
    public const string UpsertedPrefix = "upserted ";

    public const string DeletedPrefix = "deleted ";

    public const string LineEnd = ";";

    /// <summary>
    /// The document the writer deletes right after committing <paramref name="number"/>, if any: every seventh
    /// number deletes the one its writer wrote two steps before.
    /// </summary>
    public static long? VictimOf(long number, int writers) => number % 7 == 0 ? number - (2 * writers) : null;

    public static string IdOf(long number) => DocumentId.FromName(NameOf(number));

    public static ImageDocument Create(long number)
    {
        var random = new Random(unchecked((int)number) ^ 0x5EED);
        var embedding = new float[Dimensions];
        double squares = 0;
        for (var i = 0; i < embedding.Length; i++)
        {
            embedding[i] = (float)(random.NextDouble() - 0.5);
            squares += (double)embedding[i] * embedding[i];
        }

        var norm = (float)Math.Sqrt(squares);
        for (var i = 0; i < embedding.Length; i++)
        {
            embedding[i] /= norm;
        }

        var name = NameOf(number);
        return new ImageDocument
        {
            Id = DocumentId.FromName(name),
            Name = name,
            ContentHash = number.ToString("x64", System.Globalization.CultureInfo.InvariantCulture),
            Width = (int)(number % 4000),
            Height = (int)(number % 3000),
            Format = "JPEG",
            SizeBytes = number * 31,
            Metadata = new Dictionary<string, string> { ["number"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ModelId = "crash-writer",
            IndexedAt = DateTimeOffset.UnixEpoch.AddSeconds(number),
            Embedding = embedding,
        };
    }

    private static string NameOf(long number) => $"crash/car {number}.jpg";
}
