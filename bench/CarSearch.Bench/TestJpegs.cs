using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Bench;

/// <summary>
/// Synthetic photos for the bench: smooth sky and road gradients, a few hard-edged blocks (a "car") and sensor-like
/// noise, encoded as 4:2:0 JPEG q90 like a camera's. Noise matters: it keeps the entropy decoder as busy as on a real
/// photo, which a flat test card would not.
/// </summary>
internal static class TestJpegs
{
    /// <summary>Writes <paramref name="count"/> different JPEGs of one size into a new folder and returns it.</summary>
    public static string Write(string root, int width, int height, int count)
    {
        var folder = Path.Combine(root, $"jpeg-{width}x{height}");
        Directory.CreateDirectory(folder);
        var encoder = new JpegEncoder { Quality = 90, ColorType = JpegColorType.YCbCrRatio420 };
        Parallel.For(0, count, i =>
        {
            using var image = Draw(width, height, seed: (width * 31) + i);
            image.SaveAsJpeg(Path.Combine(folder, $"car-{width}x{height}-{i:D3}.jpg"), encoder);
        });
        return folder;
    }

    private static Image<Rgb24> Draw(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        var (carLeft, carTop) = (random.Next(width / 2), (height / 2) + random.Next(height / 4));
        var (carWidth, carHeight) = (width / 3, height / 6);
        var carColour = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        var tint = random.Next(60);
        image.ProcessPixelRows(rows =>
        {
            var noise = new Random(seed + 1);
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var sky = y < height / 2;
                for (var x = 0; x < row.Length; x++)
                {
                    var inCar = x >= carLeft && x < carLeft + carWidth && y >= carTop && y < carTop + carHeight;
                    var jitter = noise.Next(-12, 13);
                    row[x] = inCar
                        ? new Rgb24(Clamp(carColour.R + jitter), Clamp(carColour.G + jitter), Clamp(carColour.B + jitter))
                        : sky
                            ? new Rgb24(Clamp(90 + tint + (y * 100 / height) + jitter), Clamp(140 + jitter), Clamp(230 - (x * 40 / width) + jitter))
                            : new Rgb24(Clamp(70 + (x * 50 / width) + jitter), Clamp(70 + jitter), Clamp(75 + (y * 30 / height) + jitter));
                }
            }
        });
        return image;
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
