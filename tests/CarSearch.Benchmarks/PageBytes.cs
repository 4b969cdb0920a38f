using System.Diagnostics;
using System.Globalization;
using System.Text;
using CarSearch.Core.Embeddings.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Benchmarks;

/// <summary>
/// What a page of results downloads in images, before thumbnails (each card loaded the stored photo through
/// <c>imageUrl</c>) and after (each card loads <c>thumbnailUrl</c>), for 12-megapixel phone-like JPEGs. The
/// thumbnails are made by the ingest's own call (<see cref="ImagePreprocessor.PreprocessWithThumbnail"/>), so the
/// bytes are exactly what the route serves; the time it adds to preprocessing is measured beside.
/// </summary>
internal static class PageBytes
{
    private const int Width = 4000;
    private const int Height = 3000;

    /// <summary>A phone camera's usual JPEG quality.</summary>
    private const int PhotoQuality = 90;

    public static async Task RunAsync(int pageSize, string output)
    {
        var preprocessor = new ImagePreprocessor(new ImageOptions());
        var photos = new List<byte[]>(pageSize);
        var thumbnails = new List<ImageThumbnail>(pageSize);
        var plain = new List<double>(pageSize);
        var withThumbnail = new List<double>(pageSize);
        for (var i = 0; i < pageSize; i++)
        {
            var photo = Photo(seed: i);
            photos.Add(photo);

            // Each way twice, the first run warming up; the second is timed.
            preprocessor.Preprocess(photo);
            var clock = Stopwatch.StartNew();
            preprocessor.Preprocess(photo);
            plain.Add(clock.Elapsed.TotalMilliseconds);
            preprocessor.PreprocessWithThumbnail(photo);
            clock.Restart();
            var result = preprocessor.PreprocessWithThumbnail(photo);
            withThumbnail.Add(clock.Elapsed.TotalMilliseconds);
            thumbnails.Add(result.Thumbnail ?? throw new InvalidOperationException($"No thumbnail: {result.ThumbnailFailure}"));
            Console.WriteLine($"photo {i + 1}/{pageSize}: {photo.Length:N0} bytes, thumbnail {result.Thumbnail.Content.Length:N0} bytes");
        }

        await File.WriteAllTextAsync(output, Report(pageSize, photos, thumbnails, plain, withThumbnail));
        Console.WriteLine($"Wrote {output}");
    }

    /// <summary>
    /// A synthetic photo: a sky-to-road gradient, a car-like body with windows and wheels at a random place and colour,
    /// texture at two scales and sensor-like noise, so it compresses roughly as a real photo does (flat colour alone
    /// would make tiny files and tiny thumbnails).
    /// </summary>
    private static byte[] Photo(int seed)
    {
        var random = new Random(seed);
        var body = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        var (left, top) = (random.Next(200, 1200), random.Next(900, 1500));
        var (right, bottom) = (left + random.Next(2000, 2600), top + random.Next(700, 1000));
        using var image = new Image<Rgb24>(Width, Height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var pixel = Scene(x, y, body, left, top, right, bottom);
                    var noise = Texture(seed, x, y, 48, 28) + Texture(seed + 1, x, y, 9, 10) + random.Next(-5, 6);
                    row[x] = new Rgb24(Clamp(pixel.R + noise), Clamp(pixel.G + noise), Clamp(pixel.B + noise));
                }
            }
        });
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = PhotoQuality });
        return output.ToArray();
    }

    /// <summary>
    /// Smooth value noise of cells <paramref name="cell"/> pixels wide, within ±<paramref name="amplitude"/> levels:
    /// the detail (foliage, gravel, reflections) that survives downscaling, as a real scene's does.
    /// </summary>
    private static int Texture(int seed, int x, int y, int cell, int amplitude)
    {
        var (cx, cy) = (x / cell, y / cell);
        var (fx, fy) = ((x % cell) / (double)cell, (y % cell) / (double)cell);
        var top = Lerp(Corner(seed, cx, cy), Corner(seed, cx + 1, cy), fx);
        var bottom = Lerp(Corner(seed, cx, cy + 1), Corner(seed, cx + 1, cy + 1), fx);
        return (int)(Lerp(top, bottom, fy) * amplitude);
    }

    /// <summary>A repeatable value in [-1, 1] for one grid corner.</summary>
    private static double Corner(int seed, int cx, int cy)
    {
        var hash = unchecked((uint)((cx * 73856093) ^ (cy * 19349663) ^ (seed * 83492791)));
        hash ^= hash >> 13;
        hash *= 0x5bd1e995;
        hash ^= hash >> 15;
        return (hash % 2001 / 1000.0) - 1;
    }

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);

    private static Rgb24 Scene(int x, int y, Rgb24 body, int left, int top, int right, int bottom)
    {
        var wheelRadius = (bottom - top) / 4;
        foreach (var wheelX in new[] { left + ((right - left) / 5), right - ((right - left) / 5) })
        {
            var (dx, dy) = (x - wheelX, y - bottom);
            if ((dx * dx) + (dy * dy) < wheelRadius * wheelRadius)
            {
                return new Rgb24(25, 25, 28);
            }
        }

        if (x >= left && x < right && y >= top && y < bottom)
        {
            var window = y < top + ((bottom - top) / 3) && x > left + ((right - left) / 4) && x < right - ((right - left) / 4);
            var shade = (x - left) * 60 / (right - left);
            return window ? new Rgb24(60, 80, (byte)(100 + shade)) : new Rgb24(Clamp(body.R - shade), Clamp(body.G - shade), Clamp(body.B - shade));
        }

        return y < Height / 2
            ? new Rgb24((byte)(120 + (y * 80 / Height)), (byte)(160 + (y * 60 / Height)), 230)
            : new Rgb24((byte)(90 + (x % 37)), (byte)(90 + (x % 37)), (byte)(95 + (x % 37)));
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    private static string Report(int pageSize, List<byte[]> photos, List<ImageThumbnail> thumbnails, List<double> plain, List<double> withThumbnail)
    {
        var before = photos.Sum(photo => (long)photo.Length);
        var after = thumbnails.Sum(thumbnail => (long)thumbnail.Content.Length);
        var sizes = thumbnails.Select(t => $"{t.Width}x{t.Height}").Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine("# Bytes a page of results downloads: photos against thumbnails");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project tests/CarSearch.Benchmarks -- page-bytes {pageSize}`, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{pageSize} synthetic {Width}x{Height} (12 MP) JPEGs at quality {PhotoQuality} (gradient, a car-like shape, texture, sensor-like noise; 12 MP phone photos are often larger, so the saving there would be larger still); image payload of one page of {pageSize} results, HTTP headers, the JSON and the page's own files left out (the same before and after).");
        text.AppendLine();
        text.AppendLine("| page loads | image bytes | per result |");
        text.AppendLine("| --- | ---: | ---: |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| before: `imageUrl` (the stored photos) | {before:N0} ({before / 1048576.0:F1} MiB) | {before / pageSize:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| after: `thumbnailUrl` ({string.Join(", ", sizes)} JPEG, quality {ImageThumbnail.Quality}) | {after:N0} ({after / 1024.0:F0} KiB) | {after / pageSize:N0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| after, revisited (every thumbnail answers 304, no body) | 0 | 0 |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"The page downloads {(double)before / after:F0}x fewer image bytes.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Ingest cost of the thumbnail, from the decode the embedding already made: preprocessing a 12 MP JPEG takes {Median(plain):F0} ms (median), with the thumbnail {Median(withThumbnail):F0} ms.");
        return text.ToString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
