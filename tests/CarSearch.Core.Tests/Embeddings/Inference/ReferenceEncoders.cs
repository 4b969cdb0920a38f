using CarSearch.Tests;
using CarSearch.Core.Embeddings.Inference;

namespace CarSearch.Core.Tests.Embeddings.Inference;

/// <summary>The kit's three towers loaded once and shared by a test class, as the app shares them.</summary>
public sealed class ReferenceEncoders : IDisposable
{
    public const string ImageModel = "image.onnx";
    public const string TextModel = "text.onnx";
    public const string TextIdsOnlyModel = "text_input_ids_only.onnx";

    private readonly Lazy<ClipTextEncoder> _textIdsOnly;

    public ReferenceEncoders()
    {
        Image = new ClipImageEncoder(ReferenceGoldens.ModelPath(ImageModel), new InferenceOptions());
        Text = new ClipTextEncoder(ReferenceGoldens.ModelPath(TextModel), new InferenceOptions());
        _textIdsOnly = new(() => new ClipTextEncoder(ReferenceGoldens.ModelPath(TextIdsOnlyModel), new InferenceOptions()));
    }

    public ClipImageEncoder Image { get; }

    public ClipTextEncoder Text { get; }

    public ClipTextEncoder TextIdsOnly => _textIdsOnly.Value;

    /// <summary>The text encoder for one of the kit's two text contracts.</summary>
    public ClipTextEncoder TextFor(string modelFile) => modelFile == TextIdsOnlyModel ? TextIdsOnly : Text;

    public void Dispose()
    {
        Image.Dispose();
        Text.Dispose();
        if (_textIdsOnly.IsValueCreated)
        {
            _textIdsOnly.Value.Dispose();
        }
    }
}
