using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text.Json;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Model;

namespace CarSearch.Bench;

/// <summary>
/// A float32 model folder against its int8 twin (<c>models/quantize_int8.py</c>): the model's speed on the same ready
/// tensors, runs alternating so both see the same machine, and how far the int8 vectors are from float32 on the
/// reference kit's images and texts.
/// </summary>
internal static class Int8Bench
{
    public sealed record Result(
        string Int8Model,
        long Float32ImageBytes,
        long Int8ImageBytes,
        Samples Float32ImagesPerSecond,
        Samples Int8ImagesPerSecond,
        Samples Float32TextMilliseconds,
        Samples Int8TextMilliseconds,
        Samples ImageCosines,
        Samples TextCosines,
        Samples? KitModelImageCosines,
        Samples? KitModelTextCosines);

    /// <summary>Makes the int8 folder with the repository's script (minutes for ViT-B/32: it rewrites 600 MB).</summary>
    public static string Quantize(string repositoryRoot, string model, string output)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(repositoryRoot, "models", "quantize_int8.py"), "--model", model, "--out", output })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"quantize_int8.py exited with {process.ExitCode} for {model}.");
    }

    /// <param name="kitInt8Model">The kit's tiny model quantised, for the cosines the unit test bounds; null to skip.</param>
    public static Result Run(string float32Model, string int8Model, string kitDirectory, string? kitInt8Model, int runs)
    {
        var kitImages = Directory.GetFiles(Path.Combine(kitDirectory, "images")).Order(StringComparer.Ordinal)
            .Select(file => (ReadOnlyMemory<byte>)File.ReadAllBytes(file)).ToList();
        var kitTexts = KitTexts(kitDirectory);

        using var full = ClipEmbedder.Open(new ModelFolder(float32Model));
        using var int8 = ClipEmbedder.Open(new ModelFolder(int8Model));
        var (imageCosines, textCosines) = Cosines(full, int8, kitImages, kitTexts);

        var tensors = kitImages.Take(4).Select(image => full.PreprocessImage(image).Pixels).ToList();
        var batch = Enumerable.Range(0, 16).Select(i => tensors[i % tensors.Count]).ToList();
        full.EmbedPreprocessed(batch);
        int8.EmbedPreprocessed(batch);
        var (fullRates, int8Rates, fullText, int8Text) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var run = 0; run < Math.Max(runs, 3); run++)
        {
            fullRates.Add(ImagesPerSecond(full, batch));
            int8Rates.Add(ImagesPerSecond(int8, batch));
            fullText.Add(TextMilliseconds(full, kitTexts));
            int8Text.Add(TextMilliseconds(int8, kitTexts));
        }

        Samples? kitImageCosines = null, kitTextCosines = null;
        if (kitInt8Model is not null)
        {
            using var kit = ClipEmbedder.Open(new ModelFolder(Path.Combine(kitDirectory, "model")));
            using var kitInt8 = ClipEmbedder.Open(new ModelFolder(kitInt8Model));
            (kitImageCosines, kitTextCosines) = Cosines(kit, kitInt8, kitImages, kitTexts);
        }

        return new Result(
            int8Model,
            new FileInfo(Path.Combine(float32Model, ModelFolder.ImageModelFileName)).Length,
            new FileInfo(Path.Combine(int8Model, ModelFolder.ImageModelFileName)).Length,
            new Samples(fullRates),
            new Samples(int8Rates),
            new Samples(fullText),
            new Samples(int8Text),
            imageCosines,
            textCosines,
            kitImageCosines,
            kitTextCosines);
    }

    private static (Samples Images, Samples Texts) Cosines(ClipEmbedder reference, ClipEmbedder other, IReadOnlyList<ReadOnlyMemory<byte>> images, IReadOnlyList<string> texts)
    {
        var (a, b) = (reference.EmbedImages(images), other.EmbedImages(images));
        var (c, d) = (reference.EmbedTexts(texts), other.EmbedTexts(texts));
        return (
            new Samples(a.Zip(b, (x, y) => (double)TensorPrimitives.CosineSimilarity(x, y))),
            new Samples(c.Zip(d, (x, y) => (double)TensorPrimitives.CosineSimilarity(x, y))));
    }

    private static double ImagesPerSecond(ClipEmbedder embedder, List<float[]> batch)
    {
        var clock = Stopwatch.StartNew();
        embedder.EmbedPreprocessed(batch);
        embedder.EmbedPreprocessed(batch);
        return 2 * batch.Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>One text at a time, as a search sends it: milliseconds per text.</summary>
    private static double TextMilliseconds(ClipEmbedder embedder, List<string> texts)
    {
        var clock = Stopwatch.StartNew();
        foreach (var text in texts)
        {
            embedder.EmbedTexts([text]);
        }

        return clock.Elapsed.TotalMilliseconds / texts.Count;
    }

    private static List<string> KitTexts(string kitDirectory)
    {
        using var tokens = JsonDocument.Parse(File.ReadAllText(Path.Combine(kitDirectory, "tokens.json")));
        return [.. tokens.RootElement.EnumerateArray().Select(entry => entry.GetProperty("text").GetString() ?? "")];
    }
}
