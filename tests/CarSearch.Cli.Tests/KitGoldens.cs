using System.Numerics.Tensors;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests;

/// <summary>Lookups into the reference kit's goldens by text and by file name.</summary>
internal static class KitGoldens
{
    public static IReadOnlyList<(string Text, int[] Ids)> Tokens => [.. ReferenceGoldens.Texts.Select(t => (t.Text, t.Ids))];

    public static float[] TextEmbedding(string text) => ReferenceGoldens.Texts.First(t => t.Text == text).Normalized;

    public static float[] ImageEmbedding(string fileName) => ReferenceGoldens.Images.Single(i => i.File == fileName).Normalized;

    public static IEnumerable<string> ImageFiles => ReferenceGoldens.Images.Select(i => i.File);

    public static double Cosine(float[] a, float[] b) => TensorPrimitives.CosineSimilarity(a, b);
}
