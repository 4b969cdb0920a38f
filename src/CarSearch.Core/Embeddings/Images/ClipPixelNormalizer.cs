namespace CarSearch.Core.Embeddings.Images;

/// <summary>Turns a 224 x 224 packed RGB square into CLIP's normalised float32 CHW tensor.</summary>
internal static class ClipPixelNormalizer
{
    private const int Plane = ClipConstants.ImageSize * ClipConstants.ImageSize;

    // One table per channel: (v / 255 - mean) / std, each step in float32 as numpy does it, so every one of the 256
    // possible bytes maps to the reference's exact float.
    private static readonly float[][] Tables = [Table(0), Table(1), Table(2)];

    public static void ToChw(ReadOnlySpan<byte> rgb, Span<float> destination)
    {
        if (rgb.Length < Plane * 3)
        {
            throw new ArgumentException($"Expected {Plane * 3} bytes of RGB.", nameof(rgb));
        }

        if (destination.Length < ClipConstants.PixelCount)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} floats; one image needs {ClipConstants.PixelCount}.",
                nameof(destination));
        }

        var red = destination[..Plane];
        var green = destination.Slice(Plane, Plane);
        var blue = destination.Slice(2 * Plane, Plane);
        var (tr, tg, tb) = (Tables[0], Tables[1], Tables[2]);
        for (int i = 0, p = 0; i < Plane; i++, p += 3)
        {
            red[i] = tr[rgb[p]];
            green[i] = tg[rgb[p + 1]];
            blue[i] = tb[rgb[p + 2]];
        }
    }

    private static float[] Table(int channel)
    {
        var table = new float[256];
        for (var v = 0; v < table.Length; v++)
        {
            table[v] = (v / 255f - ClipConstants.Mean[channel]) / ClipConstants.Std[channel];
        }

        return table;
    }
}
