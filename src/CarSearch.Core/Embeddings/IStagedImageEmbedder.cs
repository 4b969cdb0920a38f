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

    /// <summary>
    /// As <see cref="PreprocessImage"/>, and makes the image's <see cref="ImageThumbnail"/> from the same decode
    /// (<see cref="PreprocessedImage.Thumbnail"/>; null with <see cref="PreprocessedImage.ThumbnailFailure"/> when it
    /// could not be made). The tensor is the same as <see cref="PreprocessImage"/>'s.
    /// </summary>
    /// <param name="pixels">
    /// A reused buffer of <see cref="ClipConstants.PixelCount"/> floats to write the tensor into (it becomes
    /// <see cref="PreprocessedImage.Pixels"/>); a new array when null.
    /// </param>
    /// <exception cref="ImageRejectedException">As for <see cref="PreprocessImage"/>.</exception>
    PreprocessedImage PreprocessImageWithThumbnail(ReadOnlyMemory<byte> image, float[]? pixels = null);

    /// <summary>One unit-length vector per preprocessed tensor (<see cref="PreprocessedImage.Pixels"/>), in order.</summary>
    float[][] EmbedPreprocessed(IReadOnlyList<float[]> pixels);
}
