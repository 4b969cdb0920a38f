using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace CarSearch.Core.Embeddings.Inference;

/// <summary>
/// An ONNX Runtime tensor over a pooled managed array: ORT reads the array in place (pinned, no copy into native
/// memory), and the array goes back to the pool when the run is done.
/// </summary>
internal sealed class PooledTensor<T> : IDisposable
    where T : unmanaged
{
    private readonly T[] _buffer;
    private readonly int _length;

    public PooledTensor(long[] shape)
    {
        var length = 1L;
        foreach (var dim in shape)
        {
            length *= dim;
        }

        _length = checked((int)length);
        _buffer = ArrayPool<T>.Shared.Rent(_length);
        Value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _buffer.AsMemory(0, _length), shape);
    }

    public OrtValue Value { get; }

    /// <summary>The tensor's elements, to fill before the run; a rented array holds stale data, so fill all of it.</summary>
    public Span<T> Data => _buffer.AsSpan(0, _length);

    public void Dispose()
    {
        Value.Dispose();
        ArrayPool<T>.Shared.Return(_buffer);
    }
}
