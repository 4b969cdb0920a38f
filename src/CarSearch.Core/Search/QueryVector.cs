using System.Numerics.Tensors;

namespace CarSearch.Core.Search;

/// <summary>
/// The vector of a composed query: each term's embedding L2-normalised, multiplied by its weight, summed, and the sum
/// L2-normalised, so ranking by cosine to it ranks by the weighted sum of the cosines to the terms (up to one factor
/// that is the same for every image). Normalising each term first keeps one photo from outweighing a text only
/// because its embedding is longer.
/// </summary>
public static class QueryVector
{
    /// <summary>
    /// A sum shorter than this fraction of the total weight points nowhere in particular: its direction would be the
    /// rounding noise of terms that cancel each other out.
    /// </summary>
    public const float CancelledFraction = 1e-4f;

    /// <summary>The unit query vector of <paramref name="embeddings"/> weighted by <paramref name="weights"/>.</summary>
    /// <exception cref="InvalidSearchException">The weighted terms cancel each other out.</exception>
    public static float[] Compose(IReadOnlyList<float[]> embeddings, IReadOnlyList<float> weights)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfZero(embeddings.Count);
        ArgumentOutOfRangeException.ThrowIfNotEqual(weights.Count, embeddings.Count);

        var sum = new float[embeddings[0].Length];
        var unit = new float[sum.Length];
        float totalWeight = 0;
        for (var i = 0; i < embeddings.Count; i++)
        {
            var norm = TensorPrimitives.Norm(embeddings[i]);
            if (weights[i] == 0 || !(norm > 0))
            {
                continue;
            }

            TensorPrimitives.Divide(embeddings[i], norm, unit);
            TensorPrimitives.MultiplyAdd(unit, weights[i], sum, sum);
            totalWeight += Math.Abs(weights[i]);
        }

        var length = TensorPrimitives.Norm(sum);
        if (!(length > CancelledFraction * totalWeight) || !float.IsFinite(length))
        {
            throw InvalidSearchException.TermsCancelOut();
        }

        TensorPrimitives.Divide(sum, length, sum);
        return sum;
    }
}
