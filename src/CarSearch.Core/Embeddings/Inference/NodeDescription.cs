using Microsoft.ML.OnnxRuntime;

namespace CarSearch.Core.Embeddings.Inference;

/// <summary>Renders a session's inputs or outputs for error messages, e.g. <c>pixel_values Float[batch_size,3,224,224]</c>.</summary>
internal static class NodeDescription
{
    public static string Of(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        nodes.Count == 0 ? "none" : string.Join(", ", nodes.Select(node => Of(node.Key, node.Value)));

    public static string Of(string name, NodeMetadata node)
    {
        if (!node.IsTensor)
        {
            return $"{name} {node.OnnxValueType}";
        }

        var dims = node.Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : Symbol(node, i));
        return $"{name} {node.ElementDataType}[{string.Join(",", dims)}]";
    }

    private static string Symbol(NodeMetadata node, int axis) =>
        axis < node.SymbolicDimensions.Length && !string.IsNullOrEmpty(node.SymbolicDimensions[axis]) ? node.SymbolicDimensions[axis] : "?";
}
