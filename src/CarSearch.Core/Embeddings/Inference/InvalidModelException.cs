namespace CarSearch.Core.Embeddings.Inference;

/// <summary>An ONNX file could not be loaded or does not have the inputs and outputs a CLIP tower needs.</summary>
public sealed class InvalidModelException : Exception
{
    public InvalidModelException(string modelPath, string reason, Exception? innerException = null)
        : base($"'{modelPath}' is not a usable CLIP model: {reason}", innerException)
    {
        ModelPath = modelPath;
    }

    /// <summary>The ONNX file at fault.</summary>
    public string ModelPath { get; }
}
