using CarSearch.Core.Embeddings;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>Compares preprocessed tensors in normalised units and in the grey levels (0-255) they came from.</summary>
public static class TensorDifference
{
    private const int Plane = ClipConstants.ImageSize * ClipConstants.ImageSize;

    private static readonly Dictionary<float, byte>[] Levels = [LevelsOf(0), LevelsOf(1), LevelsOf(2)];

    public static double MeanAbsolute(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            sum += Math.Abs(actual[i] - expected[i]);
        }

        return sum / actual.Length;
    }

    /// <summary>
    /// The 8-bit RGB values a normalised tensor was made from. Every one of the 256 levels maps to a distinct float
    /// per channel, so this is exact; a value no level produces fails the test.
    /// </summary>
    public static byte[] ToLevels(ReadOnlySpan<float> tensor)
    {
        Assert.Equal(ClipConstants.PixelCount, tensor.Length);
        var levels = new byte[tensor.Length];
        for (var i = 0; i < tensor.Length; i++)
        {
            Assert.True(Levels[i / Plane].TryGetValue(tensor[i], out levels[i]), $"Value {tensor[i]} at {i} is no normalised 8-bit level.");
        }

        return levels;
    }

    public static (int Max, double Mean) InLevels(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0;
        long sum = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            var d = Math.Abs(actual[i] - expected[i]);
            max = Math.Max(max, d);
            sum += d;
        }

        return (max, (double)sum / actual.Length);
    }

    /// <summary>The reference's normalisation, float32 step by step, as numpy computes it.</summary>
    public static float Normalised(byte level, int channel) =>
        (level / 255f - ClipConstants.Mean[channel]) / ClipConstants.Std[channel];

    private static Dictionary<float, byte> LevelsOf(int channel)
    {
        var map = new Dictionary<float, byte>();
        for (var v = 0; v < 256; v++)
        {
            map.Add(Normalised((byte)v, channel), (byte)v);
        }

        return map;
    }
}
