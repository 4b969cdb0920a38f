using CarSearch.Core.Embeddings.Images;

namespace CarSearch.Core.Embeddings;

/// <summary>
/// The image path of <see cref="IClipEmbedder"/> in its two stages, so a caller can decode each upload on its own
/// (bounded) thread and then run the model once for many preprocessed images (the ingest's micro-batching).
/// </summary>
public interface IStagedImageEmbedder : IClipEmbedder
{
    /// <summary>Validates, decodes and preprocesses one encoded image (JPEG, PNG, ...) into CLIP's input tensor.</summary>
    /// <exception cref="ImageRejectedException">The image is empty, truncated, damaged, too large or not a supported format.</exception>
    PreprocessedImage PreprocessImage(ReadOnlyMemory<byte> image);

    /// <summary>One unit-length vector per preprocessed tensor (<see cref="PreprocessedImage.Pixels"/>), in order.</summary>
    float[][] EmbedPreprocessed(IReadOnlyList<float[]> pixels);
}
