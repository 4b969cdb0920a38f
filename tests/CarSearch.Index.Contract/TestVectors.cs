namespace CarSearch.Index.Contract;

/// <summary>Deterministic pseudo-random unit vectors and a float64 cosine to judge an index's float32 scores by.</summary>
public sealed class TestVectors
{
    private readonly Random _random;
    private readonly int _dimensions;

    public TestVectors(int dimensions, int seed)
    {
        _dimensions = dimensions;
        _random = new Random(seed);
    }

    /// <summary>A Gaussian direction normalised in float64, so every direction on the sphere is equally likely.</summary>
    public float[] NextUnit()
    {
        var values = new double[_dimensions];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = NextGaussian();
        }

        return ToUnitFloats(values);
    }

    /// <summary>A unit vector close to <paramref name="centre"/>: the centre plus Gaussian noise of the given scale.</summary>
    public float[] NextNear(float[] centre, double noise)
    {
        var values = new double[centre.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = centre[i] + (noise * NextGaussian());
        }

        return ToUnitFloats(values);
    }

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            normA += (double)a[i] * a[i];
            normB += (double)b[i] * b[i];
        }

        return dot / (Math.Sqrt(normA) * Math.Sqrt(normB));
    }

    private double NextGaussian()
    {
        // Box-Muller: System.Random has no normal distribution of its own.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static float[] ToUnitFloats(double[] values)
    {
        var norm = Math.Sqrt(values.Sum(v => v * v));
        return values.Select(v => (float)(v / norm)).ToArray();
    }
}
