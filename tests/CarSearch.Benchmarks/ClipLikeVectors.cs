namespace CarSearch.Benchmarks;

/// <summary>
/// Synthetic vectors shaped like CLIP embeddings: all in a narrow cone around a shared mean direction (random
/// CLIP image pairs have cosine ~0.4-0.5), grouped in a few hundred clusters (makes, models, scenes), normalised.
/// Images are points near a cluster centre; text queries sit further out (CLIP text-image cosines are ~0.2-0.35).
/// </summary>
internal sealed class ClipLikeVectors
{
    private const double MeanWeight = 0.6;
    private const double CentreWeight = 0.8;
    private const double ImageNoiseNorm = 0.5;
    private const double TextNoiseNorm = 1.6;

    private readonly int _dimensions;
    private readonly float[][] _centres;
    private readonly Random _random;

    public ClipLikeVectors(int dimensions, int clusters, int seed)
    {
        _dimensions = dimensions;
        _random = new Random(seed);
        var mean = Gaussian(1);
        _centres = Enumerable.Range(0, clusters)
            .Select(_ => Normalise(Add(Scale(mean, MeanWeight), Scale(Gaussian(1), CentreWeight))))
            .ToArray();
    }

    public int Clusters => _centres.Length;

    /// <summary>An image of cluster <paramref name="cluster"/>.</summary>
    public float[] Image(int cluster) => Normalise(Add(_centres[cluster], Gaussian(ImageNoiseNorm)));

    /// <summary>A text query about a random cluster.</summary>
    public float[] Text() => Normalise(Add(_centres[_random.Next(_centres.Length)], Gaussian(TextNoiseNorm)));

    /// <summary>An image query ("more like this photo"): a new image of a random cluster.</summary>
    public float[] ImageQuery() => Image(_random.Next(_centres.Length));

    /// <summary>A Gaussian vector of expected length <paramref name="norm"/>.</summary>
    private double[] Gaussian(double norm)
    {
        var scale = norm / Math.Sqrt(_dimensions);
        var values = new double[_dimensions];
        for (var i = 0; i < values.Length; i++)
        {
            // Box-Muller: System.Random has no normal distribution.
            values[i] = scale * Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
        }

        return values;
    }

    private static double[] Scale(double[] values, double factor) => values.Select(v => v * factor).ToArray();

    private static double[] Add(float[] a, double[] b) => a.Select((v, i) => v + b[i]).ToArray();

    private static double[] Add(double[] a, double[] b) => a.Select((v, i) => v + b[i]).ToArray();

    private static float[] Normalise(double[] values)
    {
        var norm = Math.Sqrt(values.Sum(v => v * v));
        return values.Select(v => (float)(v / norm)).ToArray();
    }
}
