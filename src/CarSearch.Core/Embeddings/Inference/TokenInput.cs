using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CarSearch.Core.Embeddings.Inference;

/// <summary>One integer input of the text tower (ids or mask), with the element type and shape its model declares.</summary>
internal sealed record TokenInput(string Name, TensorElementType ElementType, bool IsMask, int BatchDimension, int LengthDimension)
{
    /// <summary>Reads the input's metadata; only int64 and int32 <c>[batch,sequence]</c> tensors are accepted.</summary>
    public static TokenInput From(string name, NodeMetadata node, bool isMask, string modelPath)
    {
        var supported = node.IsTensor && node.ElementDataType is TensorElementType.Int64 or TensorElementType.Int32 && node.Dimensions.Length == 2;
        return supported
            ? new TokenInput(name, node.ElementDataType, isMask, node.Dimensions[0], node.Dimensions[1])
            : throw new InvalidModelException(
                modelPath, $"input {NodeDescription.Of(name, node)} is not an int64 or int32 [batch,sequence] tensor.");
    }

    /// <summary>Builds this input's tensor for the given rows; the pooled buffer is added to <paramref name="owners"/>.</summary>
    public OrtValue Create(long[] shape, IReadOnlyList<IReadOnlyList<int>> sequences, ReadOnlySpan<int> members, List<IDisposable> owners) =>
        ElementType == TensorElementType.Int64
            ? Create<long>(shape, sequences, members, owners)
            : Create<int>(shape, sequences, members, owners);

    private OrtValue Create<T>(long[] shape, IReadOnlyList<IReadOnlyList<int>> sequences, ReadOnlySpan<int> members, List<IDisposable> owners)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var tensor = new PooledTensor<T>(shape);
        owners.Add(tensor);
        var length = (int)shape[1];
        if (IsMask)
        {
            TokenBatch.FillMask(sequences, members, length, tensor.Data);
        }
        else
        {
            TokenBatch.FillIds(sequences, members, length, tensor.Data);
        }

        return tensor.Value;
    }
}
