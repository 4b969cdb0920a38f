namespace CarSearch.Core.Embeddings.Model;

/// <summary>Where the CLIP model folder is, bound from the <c>CarSearch:Model</c> section.</summary>
public sealed class ModelOptions
{
    public const string SectionName = "CarSearch:Model";

    /// <summary>
    /// Folder holding image.onnx, text.onnx, vocab.json and merges.txt. When empty, <see cref="ModelFolder.Resolve"/>
    /// falls back to <c>CARSEARCH_MODEL_DIR</c>, then to the host's <see cref="ModelSearch"/>
    /// (<c>models/clip-vit-b-32</c> in the places the host knows).
    /// </summary>
    public string? Directory { get; set; }
}
