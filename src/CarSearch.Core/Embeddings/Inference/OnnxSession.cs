using CarSearch.Core.Embeddings.Model;
using Microsoft.ML.OnnxRuntime;

namespace CarSearch.Core.Embeddings.Inference;

/// <summary>Opens one ONNX Runtime session per model file with CarSearch's session settings.</summary>
internal static class OnnxSession
{
    /// <summary>ONNX Runtime's session setting behind <see cref="InferenceOptions.AllowSpinning"/>.</summary>
    private const string AllowSpinningKey = "session.intra_op.allow_spinning";

    /// <summary>
    /// Loads <paramref name="onnxPath"/> on the CPU. Full graph optimisation: the kit's goldens hold within 3e-6 with
    /// it as with none, and it fuses attention and GELU for speed. Sequential execution because the CLIP towers are
    /// a single chain of nodes; the parallelism that pays is inside each node (intra-op threads).
    /// </summary>
    /// <exception cref="ModelNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelException">ONNX Runtime cannot load the file.</exception>
    public static InferenceSession Open(string onnxPath, InferenceOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(onnxPath);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxBatchSize is < 1 or > InferenceOptions.MaxBatchSizeLimit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.MaxBatchSize, $"MaxBatchSize must be between 1 and {InferenceOptions.MaxBatchSizeLimit}.");
        }

        if (options.IntraOpThreads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.IntraOpThreads, "IntraOpThreads must be at least 1 when set.");
        }

        var fullPath = Path.GetFullPath(onnxPath);
        if (!File.Exists(fullPath))
        {
            throw new ModelNotFoundException(Path.GetDirectoryName(fullPath)!, [Path.GetFileName(fullPath)]);
        }

        // The session copies what it needs from the options, so they can go once it exists.
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads ?? 0,
        };
        sessionOptions.AddSessionConfigEntry(AllowSpinningKey, options.AllowSpinning ? "1" : "0");

        try
        {
            return new InferenceSession(fullPath, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidModelException(fullPath, $"ONNX Runtime could not load it ({ex.Message})", ex);
        }
    }
}
