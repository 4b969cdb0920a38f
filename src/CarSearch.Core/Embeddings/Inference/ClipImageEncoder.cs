using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static CarSearch.Core.Embeddings.ClipConstants;

namespace CarSearch.Core.Embeddings.Inference;

/// <summary>CLIP's image tower: preprocessed CHW pixel tensors in, L2-normalised embeddings out.</summary>
/// <remarks>
/// Create one per model file and share it: the session is loaded once, <c>InferenceSession.Run</c> is thread-safe
/// and every call works on its own buffers. Requests larger than <see cref="InferenceOptions.MaxBatchSize"/> are
/// split, so memory stays bounded whatever the caller passes.
/// </remarks>
public sealed class ClipImageEncoder : IDisposable
{
    /// <summary>Name of the projected embedding in Hugging Face exports (<c>CLIPVisionModelWithProjection</c>).</summary>
    public const string PreferredOutputName = "image_embeds";

    private const int Channels = 3;

    private static readonly int[] PixelShape = [Channels, ImageSize, ImageSize];

    private readonly EmbeddingSession _model;
    private readonly string[] _inputNames;

    /// <summary>Free between runs: see <see cref="TakeBatchBuffer"/>.</summary>
    private float[]? _batchBuffer;

    /// <summary>Loads the image tower and checks it takes <c>[N,3,224,224]</c> float pixels and returns <c>[N,D]</c>.</summary>
    /// <exception cref="Model.ModelNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelException">The file is not an ONNX model or not a CLIP image tower.</exception>
    public ClipImageEncoder(string onnxPath, InferenceOptions options)
    {
        _model = EmbeddingSession.Open(onnxPath, options, PreferredOutputName);
        try
        {
            var inputName = ValidateInput(_model);
            _inputNames = [inputName];
            MaxBatchSize = _model.BatchLimit(inputName, options.MaxBatchSize);

            // An export may leave the width symbolic; one black image tells it (and proves the model runs).
            Dimension = _model.DeclaredDimension > 0 ? _model.DeclaredDimension : Run(new float[PixelCount], 1, normalize: false)[0].Length;
        }
        catch
        {
            _model.Dispose();
            throw;
        }
    }

    public string ModelPath => _model.ModelPath;

    /// <summary>Width of every embedding (512 for ViT-B/32).</summary>
    public int Dimension { get; }

    /// <summary>Most images fed in one run: <see cref="InferenceOptions.MaxBatchSize"/>, or 1 if the model fixes its batch at 1.</summary>
    public int MaxBatchSize { get; }

    /// <summary>Embeds <paramref name="count"/> images laid out back to back, each 3 x 224 x 224 CHW floats.</summary>
    /// <returns>One unit-length vector per image, in input order; empty for 0 images.</returns>
    public float[][] Embed(ReadOnlySpan<float> pixelBatch, int count) => Run(pixelBatch, count, normalize: true);

    /// <summary>Embeds each image tensor (3 x 224 x 224 CHW floats).</summary>
    /// <returns>One unit-length vector per image, in input order; empty for none.</returns>
    public float[][] Embed(IReadOnlyList<float[]> images) => Run(images, normalize: true);

    /// <summary>The model's raw projection, before L2 normalisation (for parity checks against the reference).</summary>
    internal float[][] EmbedUnnormalized(ReadOnlySpan<float> pixelBatch, int count) => Run(pixelBatch, count, normalize: false);

    public void Dispose() => _model.Dispose();

    private float[][] Run(IReadOnlyList<float[]> images, bool normalize)
    {
        ArgumentNullException.ThrowIfNull(images);
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i]?.Length != PixelCount)
            {
                throw new ArgumentException(
                    $"Image {i} has {images[i]?.Length ?? 0} values; expected {PixelCount} (3 x {ImageSize} x {ImageSize}, CHW).", nameof(images));
            }
        }

        if (images.Count == 1)
        {
            return Run(images[0], 1, normalize);
        }

        // Separate arrays must be made contiguous for ORT: one copy per chunk into the encoder's batch buffer.
        ObjectDisposedException.ThrowIf(_model.IsDisposed, this);
        var results = new float[images.Count][];
        var batch = TakeBatchBuffer(Math.Min(MaxBatchSize, images.Count));
        try
        {
            for (var first = 0; first < images.Count; first += MaxBatchSize)
            {
                var count = Math.Min(MaxBatchSize, images.Count - first);
                for (var i = 0; i < count; i++)
                {
                    images[first + i].CopyTo(batch.AsSpan(i * PixelCount, PixelCount));
                }

                Run(batch.AsSpan(0, count * PixelCount), count, normalize).CopyTo(results, first);
            }
        }
        finally
        {
            // Kept for the next run unless another run put its own back meanwhile.
            Interlocked.CompareExchange(ref _batchBuffer, batch, null);
        }

        return results;
    }

    /// <summary>
    /// The batch buffer, for one run at a time; a run that finds it taken (or too small) gets a new one. Not the shared
    /// <c>ArrayPool</c>: it rounds a batch of 16 (9.6 MB) up to a 16 MB array and keeps arrays per thread and per
    /// core, so a few batch sizes on a few threads held far more than one batch. Here one buffer of the largest
    /// batch seen so far is kept.
    /// </summary>
    private float[] TakeBatchBuffer(int images)
    {
        var buffer = Interlocked.Exchange(ref _batchBuffer, null);
        return buffer is not null && buffer.Length >= images * PixelCount ? buffer : new float[images * PixelCount];
    }

    private float[][] Run(ReadOnlySpan<float> pixelBatch, int count, bool normalize)
    {
        ObjectDisposedException.ThrowIf(_model.IsDisposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (pixelBatch.Length != (long)count * PixelCount)
        {
            throw new ArgumentException(
                $"Expected {count} x {PixelCount} values ({count} x 3 x {ImageSize} x {ImageSize}, CHW), got {pixelBatch.Length}.",
                nameof(pixelBatch));
        }

        var results = new float[count][];
        unsafe
        {
            // The caller's memory is fed to ORT in place: pinned for the runs, never copied.
            fixed (float* start = pixelBatch)
            {
                for (var first = 0; first < count; first += MaxBatchSize)
                {
                    var chunk = Math.Min(MaxBatchSize, count - first);
                    using var input = OrtValue.CreateTensorValueWithData(
                        OrtMemoryInfo.DefaultInstance,
                        TensorElementType.Float,
                        Shape(chunk),
                        (IntPtr)(start + ((long)first * PixelCount)),
                        (long)chunk * PixelCount * sizeof(float));
                    _model.Run(_inputNames, [input], chunk, Dimension, normalize).CopyTo(results, first);
                }
            }
        }

        return results;
    }

    private static long[] Shape(int count) => [count, Channels, ImageSize, ImageSize];

    /// <summary>Checks the single input is float <c>[N,3,224,224]</c> and returns its name.</summary>
    private static string ValidateInput(EmbeddingSession model)
    {
        var inputs = model.Inputs;
        if (inputs.Count == 1)
        {
            var (name, node) = inputs.First();
            var dims = node.IsTensor ? node.Dimensions : [];

            // A negative dimension is symbolic (dynamic) and accepts what we feed.
            if (node.IsTensor && node.ElementDataType == TensorElementType.Float && dims.Length == 4 &&
                dims.Skip(1).Zip(PixelShape).All(pair => pair.First < 0 || pair.First == pair.Second))
            {
                return name;
            }
        }

        throw new InvalidModelException(
            model.ModelPath, $"expected one float input [batch,{Channels},{ImageSize},{ImageSize}]; it has {NodeDescription.Of(inputs)}.");
    }
}
