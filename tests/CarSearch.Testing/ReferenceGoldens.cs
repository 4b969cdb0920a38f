using System.Buffers.Binary;
using System.Text.Json;
using Xunit;

namespace CarSearch.Tests;

/// <summary>
/// The kit's inference goldens, driven by its own metadata: the images as <see cref="KitImages"/> lists them, and the one
/// reader of tokens.json and embeddings.json.
/// </summary>
public static class ReferenceGoldens
{
    public sealed record ImageGolden(string File, float[] Pixels, float[] Raw, float[] Normalized);

    public sealed record TextGolden(string Text, int[] Ids, float[] Raw, float[] Normalized);

    private static readonly Lazy<IReadOnlyList<ImageGolden>> LazyImages = new(LoadImages);

    private static readonly Lazy<IReadOnlyList<TextGolden>> LazyTexts = new(LoadTexts);

    private static readonly Lazy<JsonDocument> Embeddings = new(() => Parse("embeddings.json"));

    public static IReadOnlyList<ImageGolden> Images => LazyImages.Value;

    public static IReadOnlyList<TextGolden> Texts => LazyTexts.Value;

    public static string ModelPath(string fileName) => Path.Combine(ReferenceKit.ModelDirectory, fileName);

    /// <summary>Reads a raw little-endian float32 tensor as the kit writes it.</summary>
    public static float[] ReadFloat32(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }

    /// <summary>The reference's unit-length embedding of one kit image.</summary>
    public static float[] NormalizedImageEmbedding(string file) => Floats(ImageEmbeddings.GetProperty(file).GetProperty("normalized"));

    private static JsonElement ImageEmbeddings => Embeddings.Value.RootElement.GetProperty("images");

    private static List<ImageGolden> LoadImages() =>
        KitImages.All
            .Select(image =>
            {
                var golden = ImageEmbeddings.GetProperty(image.File);
                return new ImageGolden(
                    image.File,
                    ReadFloat32(ReferenceKit.PathOf(image.Pixels)),
                    Floats(golden.GetProperty("raw")),
                    Floats(golden.GetProperty("normalized")));
            })
            .ToList();

    private static List<TextGolden> LoadTexts()
    {
        using var tokens = Parse("tokens.json");
        var embeddings = Embeddings.Value.RootElement.GetProperty("texts").EnumerateArray().ToList();
        return tokens.RootElement.EnumerateArray()
            .Select((entry, i) =>
            {
                var text = entry.GetProperty("text").GetString()!;
                Assert.Equal(text, embeddings[i].GetProperty("text").GetString());
                return new TextGolden(
                    text,
                    entry.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32()).ToArray(),
                    Floats(embeddings[i].GetProperty("raw")),
                    Floats(embeddings[i].GetProperty("normalized")));
            })
            .ToList();
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static JsonDocument Parse(string fileName) => JsonDocument.Parse(File.ReadAllBytes(ReferenceKit.PathOf(fileName)));
}
