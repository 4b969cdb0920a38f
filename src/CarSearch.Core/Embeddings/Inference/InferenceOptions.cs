using System.ComponentModel.DataAnnotations;

namespace CarSearch.Core.Embeddings.Inference;

/// <summary>How the ONNX encoders run, bound from the <c>CarSearch:Inference</c> section.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "CarSearch:Inference";

    public const int DefaultMaxBatchSize = 16;

    /// <summary>Upper bound for <see cref="MaxBatchSize"/>: 256 images are already ~600 MB of input tensor.</summary>
    public const int MaxBatchSizeLimit = 256;

    /// <summary>
    /// Most inputs fed to the model in one run; larger requests are split. Bounds memory (one image is 602 KB of
    /// input and a few MB of activations) while keeping batches big enough to amortise the per-run overhead.
    /// </summary>
    [Range(1, MaxBatchSizeLimit)]
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>
    /// Threads ONNX Runtime uses inside one run; empty lets it pick (one per physical core), which is the fastest
    /// for a dedicated machine. Set it lower to leave cores for the host when many requests run at once.
    /// </summary>
    [Range(1, 1024)]
    public int? IntraOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads spin while they wait for work, rather than sleep. Off by default: on 2
    /// cores a spinning thread takes the CPU that decoding, thumbnails, the index scan and HTTP need between and
    /// beside model runs. Measured side by side (bench/RESULTS.md): without spinning a fresh serve spent 14 % less CPU
    /// per ingested 640x480 photo, the image tower alone ran as fast or faster, and the text tower's p99 fell from
    /// 13-17 ms to 10 ms, for 0.6 ms more at its median. Turn it on for a machine that only answers lone searches.
    /// </summary>
    public bool AllowSpinning { get; set; }
}
