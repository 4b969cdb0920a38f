using System.Numerics.Tensors;

namespace CarSearch.Core.Tests.Embeddings.Inference;

/// <summary>Tolerance checks for embeddings, with messages that say how far off a vector is.</summary>
internal static class VectorAssert
{
    /// <summary>Normalised embeddings must match the reference this closely (the kit observed 1.8e-7).</summary>
    public const float NormalizedTolerance = 1e-5f;

    /// <summary>Raw projections (values up to ~4.4) must match this closely (the kit observed 3.1e-6).</summary>
    public const float RawTolerance = 1e-4f;

    public const double MinCosine = 0.99999;

    public static void Close(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var diff = MaxAbsDiff(expected, actual);
        Assert.True(diff < tolerance, $"{what}: max abs difference {diff:E2} exceeds {tolerance:E0}");
    }

    public static void SameDirection(float[] expected, float[] actual, string what)
    {
        var cosine = TensorPrimitives.CosineSimilarity(expected, actual);
        Assert.True(cosine >= MinCosine, $"{what}: cosine {cosine:F8} below {MinCosine}");
    }

    public static void UnitLength(float[] vector, string what)
    {
        var norm = TensorPrimitives.Norm(vector);
        Assert.True(Math.Abs(norm - 1f) < 1e-5f, $"{what}: L2 norm {norm} is not 1");
    }

    public static float MaxAbsDiff(float[] a, float[] b)
    {
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
