using System.Diagnostics;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Embeddings.Inference;
using CarSearch.Core.Embeddings.Model;

namespace CarSearch.Bench;

/// <summary>The embedder inside the driver's process: what the model alone does, without storage, HTTP or the index.</summary>
internal static class EmbedderBench
{
    /// <summary>How long preprocessing runs before it is timed: long enough for the runtime to compile its loops optimised.</summary>
    private static readonly TimeSpan PreprocessWarmUp = TimeSpan.FromSeconds(2);

    public sealed record Result(
        Samples LoadSeconds,
        double FingerprintSeconds,
        Samples TensorImagesPerSecond,
        IReadOnlyDictionary<string, Samples> BytesImagesPerSecond,
        IReadOnlyDictionary<string, Samples> PreprocessMilliseconds);

    /// <param name="sets">Name and files of each JPEG size; each file is embedded from its bytes.</param>
    public static Result Run(string modelDirectory, InferenceOptions inference, IReadOnlyList<(string Name, string[] Files)> sets, int runs)
    {
        var folder = ModelFolder.Resolve(modelDirectory);
        var loads = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            using var loaded = ClipEmbedder.Open(folder, inferenceOptions: inference);
            loads.Add(clock.Elapsed.TotalSeconds);
        }

        var fingerprint = Stopwatch.StartNew();
        _ = folder.ModelId;
        fingerprint.Stop();

        using var embedder = ClipEmbedder.Open(folder, inferenceOptions: inference);
        var batch = inference.MaxBatchSize;

        // The model alone: batches of ready tensors, nothing decoded.
        var tensors = Enumerable.Range(0, batch).Select(i => embedder.PreprocessImage(File.ReadAllBytes(sets[0].Files[i % sets[0].Files.Length])).Pixels).ToList();
        embedder.EmbedPreprocessed(tensors);
        var tensorRates = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            for (var repeat = 0; repeat < 4; repeat++)
            {
                embedder.EmbedPreprocessed(tensors);
            }

            tensorRates.Add(4 * batch / clock.Elapsed.TotalSeconds);
        }

        var bytesRates = new Dictionary<string, Samples>();
        var preprocess = new Dictionary<string, Samples>();
        var preprocessor = new ImagePreprocessor(new ImageOptions());
        foreach (var (name, files) in sets)
        {
            var images = files.Select(file => (ReadOnlyMemory<byte>)File.ReadAllBytes(file)).ToList();

            // One core, one image at a time: what one image costs before the model sees it, once the code is warm (a
            // single call first left most of the timed calls running the decoder's tier-0 code, 2-3x slower).
            var pixels = new float[ClipConstants.PixelCount];
            var warming = Stopwatch.StartNew();
            for (var i = 0; i < 64 || warming.Elapsed < PreprocessWarmUp; i++)
            {
                preprocessor.Preprocess(images[i % images.Count], pixels);
            }

            preprocess[name] = new Samples(images.Select(image =>
            {
                var clock = Stopwatch.StartNew();
                preprocessor.Preprocess(image, pixels);
                return clock.Elapsed.TotalMilliseconds;
            }));

            // The embedder from bytes: decodes in parallel, then one model run per batch (as `carsearch embed` does).
            embedder.EmbedImages(images.Take(2).ToList());
            var rates = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                embedder.EmbedImages(images);
                rates.Add(images.Count / clock.Elapsed.TotalSeconds);
            }

            bytesRates[name] = new Samples(rates);
        }

        return new Result(new Samples(loads), fingerprint.Elapsed.TotalSeconds, new Samples(tensorRates), bytesRates, preprocess);
    }
}
