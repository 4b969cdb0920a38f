using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Embeddings.Inference;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Core.Embeddings.Tokenization;

namespace CarSearch.Core.Embeddings;

/// <summary>
/// The whole CLIP pipeline over one model folder: tokenizer and text tower for texts, preprocessor and image tower
/// for images. Thread-safe; create one and share it (each ONNX session is loaded once).
/// </summary>
public sealed class ClipEmbedder : IStagedImageEmbedder, IDisposable
{
    private readonly ClipTokenizer _tokenizer;
    private readonly ClipTextEncoder _textEncoder;
    private readonly ImagePreprocessor _preprocessor;
    private readonly ClipImageEncoder _imageEncoder;
    private readonly Lazy<string> _modelId;

    private ClipEmbedder(ModelFolder model, ImageOptions imageOptions, InferenceOptions inferenceOptions)
    {
        // The two sessions load side by side: creating one (reading the weights, optimising the graph) runs on one
        // core, so on two cores the slower tower alone sets the model's load time, which is most of a cold start.
        var imageEncoder = Task.Run(() => new ClipImageEncoder(model.ImageModelPath, inferenceOptions));
        try
        {
            _tokenizer = ClipTokenizer.FromFiles(model.VocabPath, model.MergesPath);
            _preprocessor = new ImagePreprocessor(imageOptions);
            _textEncoder = new ClipTextEncoder(model.TextModelPath, inferenceOptions);
        }
        catch
        {
            // Not left loading (and never disposed) behind the exception.
            imageEncoder.ContinueWith(loaded => loaded.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }

        try
        {
            _imageEncoder = imageEncoder.GetAwaiter().GetResult();
        }
        catch
        {
            _textEncoder.Dispose();
            throw;
        }

        if (_imageEncoder.Dimension != _textEncoder.Dimension)
        {
            Dispose();
            throw new InvalidModelException(model.ImageModelPath,
                $"The image tower makes {_imageEncoder.Dimension}-dimensional embeddings but the text tower makes {_textEncoder.Dimension}: they are not one CLIP model.");
        }

        _modelId = new Lazy<string>(() => model.ModelId);

        // Loading both towers freed hundreds of megabytes of native memory that glibc would otherwise keep for good.
        NativeHeap.Trim();
    }

    public string ModelId => _modelId.Value;

    public int Dimension => _imageEncoder.Dimension;

    /// <summary>Loads the model folder's tokenizer and both towers.</summary>
    public static ClipEmbedder Open(ModelFolder model, ImageOptions? imageOptions = null, InferenceOptions? inferenceOptions = null) =>
        new(model, imageOptions ?? new ImageOptions(), inferenceOptions ?? new InferenceOptions());

    public float[][] EmbedTexts(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ids = new IReadOnlyList<int>[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            ids[i] = _tokenizer.Encode(texts[i]);
        }

        return _textEncoder.Embed(ids);
    }

    public float[][] EmbedImages(IReadOnlyList<ReadOnlyMemory<byte>> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var results = new float[images.Count][];

        // One chunk at a time keeps memory at one batch of pixels however many images come in.
        var chunkSize = _imageEncoder.MaxBatchSize;
        var pixels = new float[Math.Min(chunkSize, images.Count) * ClipConstants.PixelCount];
        for (var first = 0; first < images.Count; first += chunkSize)
        {
            var count = Math.Min(chunkSize, images.Count - first);

            // Decoding and resizing are independent per image and cost as much as inference: use every core.
            var rejections = new ImageRejectedException?[count];
            Parallel.For(0, count, i =>
            {
                try
                {
                    _preprocessor.Preprocess(images[first + i], pixels.AsSpan(i * ClipConstants.PixelCount, ClipConstants.PixelCount));
                }
                catch (ImageRejectedException rejection)
                {
                    rejections[i] = rejection;
                }
            });

            // The first refused image in input order, so the same bad batch always gives the same error.
            if (Array.FindIndex(rejections, r => r is not null) is var index and >= 0)
            {
                throw rejections[index]!.ForInput(first + index);
            }

            _imageEncoder.Embed(pixels.AsSpan(0, count * ClipConstants.PixelCount), count).CopyTo(results, first);
        }

        return results;
    }

    public PreprocessedImage PreprocessImage(ReadOnlyMemory<byte> image) => _preprocessor.Preprocess(image);

    public PreprocessedImage PreprocessImageWithThumbnail(ReadOnlyMemory<byte> image, float[]? pixels = null) =>
        _preprocessor.PreprocessWithThumbnail(image, pixels);

    public float[][] EmbedPreprocessed(IReadOnlyList<float[]> pixels) => _imageEncoder.Embed(pixels);

    public void Dispose()
    {
        _textEncoder.Dispose();
        _imageEncoder?.Dispose();
    }
}
