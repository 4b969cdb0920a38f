namespace CarSearch.Core.Embeddings;

/// <summary>Texts and images in, unit-length CLIP embeddings in one shared space out.</summary>
public interface IClipEmbedder
{
    /// <summary>Which model makes the vectors (stored with every indexed image).</summary>
    string ModelId { get; }

    /// <summary>Width of every embedding (512 for ViT-B/32).</summary>
    int Dimension { get; }

    /// <summary>One vector per text, in order.</summary>
    float[][] EmbedTexts(IReadOnlyList<string> texts);

    /// <summary>One vector per encoded image (JPEG, PNG, ...), in order.</summary>
    /// <exception cref="Images.ImageRejectedException">An image is empty, truncated, damaged, too large or not a supported format.</exception>
    float[][] EmbedImages(IReadOnlyList<ReadOnlyMemory<byte>> images);
}
