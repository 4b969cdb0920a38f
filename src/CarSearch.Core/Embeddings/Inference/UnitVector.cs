using System.Numerics.Tensors;

namespace CarSearch.Core.Embeddings.Inference;

/// <summary>L2 normalisation of an embedding, so cosine similarity becomes a dot product downstream.</summary>
internal static class UnitVector
{
    /// <summary>A new array holding <paramref name="raw"/> divided by its L2 norm.</summary>
    /// <exception cref="InvalidOperationException">The vector is all zeros or not finite (NaN input or a broken model).</exception>
    public static float[] From(ReadOnlySpan<float> raw, string modelPath)
    {
        var norm = TensorPrimitives.Norm(raw);

        // A zero or non-finite vector has no direction: storing it would poison every cosine it takes part in.
        if (!float.IsFinite(norm) || norm == 0f)
        {
            throw new InvalidOperationException(
                $"'{modelPath}' produced an embedding with L2 norm {norm}, which cannot be normalised (non-finite input or a broken model).");
        }

        var unit = new float[raw.Length];
        TensorPrimitives.Divide(raw, norm, unit);
        return unit;
    }
}
