using Microsoft.ML.OnnxRuntime;

namespace CarSearch.Core.Embeddings.Inference;

/// <summary>A loaded CLIP tower: its ONNX session, the output that carries the embedding, and one run of a batch.</summary>
/// <remarks>
/// What the image and text encoders share; each adds only how its inputs are checked and laid out. Disposing waits for
/// the runs in flight and later runs throw <see cref="ObjectDisposedException"/>: a host that stops while a run is under
/// way (the start-up warm-up, a last request) must never free the native session under it.
/// </remarks>
internal sealed class EmbeddingSession : IDisposable
{
    private readonly InferenceSession _session;

    /// <summary>Runs hold it shared, so they still run side by side; disposal holds it alone.</summary>
    private readonly ReaderWriterLockSlim _lifetime = new();

    private readonly EmbeddingOutput _output;
    private readonly string[] _outputNames;

    private EmbeddingSession(InferenceSession session, string modelPath, EmbeddingOutput output)
    {
        _session = session;
        _output = output;
        _outputNames = [output.Name];
        ModelPath = modelPath;
    }

    public string ModelPath { get; }

    public bool IsDisposed { get; private set; }

    /// <summary>The inputs the model declares; only these may be fed.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> Inputs => _session.InputMetadata;

    /// <summary>Embedding width from the metadata, or -1 when the export left it symbolic.</summary>
    public int DeclaredDimension => _output.DeclaredDimension;

    /// <summary>Loads the model and picks its embedding output (<paramref name="preferredOutputName"/> if present).</summary>
    public static EmbeddingSession Open(string onnxPath, InferenceOptions options, string preferredOutputName)
    {
        var session = OnnxSession.Open(onnxPath, options);
        try
        {
            var modelPath = Path.GetFullPath(onnxPath);
            return new EmbeddingSession(session, modelPath, EmbeddingOutput.Select(session, preferredOutputName, modelPath));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Most inputs per run: the configured maximum for a dynamic batch, 1 where the export fixes the batch at 1
    /// (some exports do, for NPUs); any other fixed batch cannot serve arbitrary requests and is rejected.
    /// </summary>
    public int BatchLimit(string inputName, int maxBatchSize)
    {
        var node = Inputs[inputName];
        return node.Dimensions[0] switch
        {
            < 0 => maxBatchSize,
            1 => 1,
            var fixedBatch => throw new InvalidModelException(
                ModelPath,
                $"input {NodeDescription.Of(inputName, node)} fixes the batch at {fixedBatch}; only a dynamic batch or a batch of 1 is supported."),
        };
    }

    /// <summary>Runs one batch of <paramref name="count"/> inputs and returns one row per input.</summary>
    /// <param name="dimension">Required row width, or 0 to accept what the model returns (used to discover it).</param>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public float[][] Run(string[] inputNames, IReadOnlyCollection<OrtValue> inputs, int count, int dimension, bool normalize)
    {
        _lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, inputNames, inputs, _outputNames);
            return _output.ReadRows(outputs[0], count, dimension, normalize, ModelPath);
        }
        finally
        {
            _lifetime.ExitReadLock();
        }
    }

    public void Dispose()
    {
        // The lock itself is never disposed: a run may still be waiting to enter it, and must then see IsDisposed.
        _lifetime.EnterWriteLock();
        try
        {
            if (!IsDisposed)
            {
                IsDisposed = true;
                _session.Dispose();
            }
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }
    }
}
