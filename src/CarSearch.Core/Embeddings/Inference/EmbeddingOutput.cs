using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CarSearch.Core.Embeddings.Inference;

/// <summary>The model output that carries the embeddings, and how to read rows out of it.</summary>
/// <param name="Name">Output name to request from the session.</param>
/// <param name="DeclaredDimension">Embedding width from the metadata, or -1 when the export left it symbolic.</param>
internal sealed record EmbeddingOutput(string Name, int DeclaredDimension)
{
    /// <summary>
    /// Picks <paramref name="preferredName"/> (<c>image_embeds</c>/<c>text_embeds</c>, as every Hugging Face export
    /// names it) or else the only 2-D float output: exports also return e.g. <c>last_hidden_state</c>, which must
    /// never be mistaken for the projection.
    /// </summary>
    public static EmbeddingOutput Select(InferenceSession session, string preferredName, string modelPath)
    {
        var outputs = session.OutputMetadata;
        if (outputs.TryGetValue(preferredName, out var preferred))
        {
            return IsEmbeddingTensor(preferred)
                ? new EmbeddingOutput(preferredName, preferred.Dimensions[1])
                : throw new InvalidModelException(
                    modelPath, $"output {NodeDescription.Of(preferredName, preferred)} is not a 2-D float tensor [batch, dimension].");
        }

        var candidates = outputs.Where(output => IsEmbeddingTensor(output.Value)).ToList();
        return candidates.Count == 1
            ? new EmbeddingOutput(candidates[0].Key, candidates[0].Value.Dimensions[1])
            : throw new InvalidModelException(
                modelPath,
                $"expected an output named '{preferredName}' or exactly one 2-D float output; it has {NodeDescription.Of(outputs)}.");
    }

    /// <summary>Copies the output's rows into new arrays, L2-normalised when <paramref name="normalize"/> is set.</summary>
    /// <param name="expectedDimension">Required row width, or 0 to accept what the model returns (used to discover it).</param>
    public float[][] ReadRows(OrtValue value, int expectedRows, int expectedDimension, bool normalize, string modelPath)
    {
        var shape = value.GetTensorTypeAndShape().Shape;
        if (shape.Length != 2 || shape[0] != expectedRows || shape[1] < 1 || (expectedDimension > 0 && shape[1] != expectedDimension))
        {
            throw new InvalidModelException(
                modelPath,
                $"output '{Name}' has shape [{string.Join(",", shape)}] for {expectedRows} inputs; " +
                $"expected [{expectedRows},{(expectedDimension > 0 ? expectedDimension : "dimension")}].");
        }

        var dimension = (int)shape[1];
        var data = value.GetTensorDataAsSpan<float>();
        var rows = new float[expectedRows][];
        for (var row = 0; row < rows.Length; row++)
        {
            var raw = data.Slice(row * dimension, dimension);
            rows[row] = normalize ? UnitVector.From(raw, modelPath) : raw.ToArray();
        }

        return rows;
    }

    private static bool IsEmbeddingTensor(NodeMetadata node) =>
        node.IsTensor && node.ElementDataType == TensorElementType.Float && node.Dimensions.Length == 2;
}
