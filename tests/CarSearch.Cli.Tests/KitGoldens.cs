using System.Text.Json;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests;

/// <summary>The reference kit's golden token ids and embeddings.</summary>
internal static class KitGoldens
{
    private static readonly Lazy<JsonElement> Embeddings = new(() => Load("embeddings.json"));

    public static IReadOnlyList<(string Text, int[] Ids)> Tokens { get; } =
        [.. Load("tokens.json").EnumerateArray().Select(e =>
            (e.GetProperty("text").GetString()!, e.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray()))];

    public static float[] TextEmbedding(string text) =>
        Vector(Embeddings.Value.GetProperty("texts").EnumerateArray().First(t => t.GetProperty("text").GetString() == text));

    public static float[] ImageEmbedding(string fileName) => Vector(Embeddings.Value.GetProperty("images").GetProperty(fileName));

    public static IEnumerable<string> ImageFiles => Embeddings.Value.GetProperty("images").EnumerateObject().Select(p => p.Name);

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    private static float[] Vector(JsonElement entry) =>
        [.. entry.GetProperty("normalized").EnumerateArray().Select(v => v.GetSingle())];

    private static JsonElement Load(string name)
    {
        using var stream = File.OpenRead(ReferenceKit.PathOf(name));
        return JsonDocument.Parse(stream).RootElement.Clone();
    }
}
