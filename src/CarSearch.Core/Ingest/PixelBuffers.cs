using System.Collections.Concurrent;
using CarSearch.Core.Embeddings;

namespace CarSearch.Core.Ingest;

/// <summary>
/// CLIP input tensors (<see cref="ClipConstants.PixelCount"/> floats, 600 KB) kept for the next image. Each is
/// a large-object-heap array: one new per ingested image made a burst of uploads a stream of 600 KB allocations
/// that only a full collection frees, so the heap grew by hundreds of megabytes before it was collected.
/// </summary>
/// <remarks>
/// Keeps at most <c>capacity</c> free buffers (one per ingest that can be in flight), so what it holds is bounded
/// and a burst reuses the same few. Thread-safe.
/// </remarks>
public sealed class PixelBuffers
{
    private readonly ConcurrentBag<float[]> _free = [];
    private readonly int _capacity;
    private int _freeCount;

    public PixelBuffers(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Free buffers held now.</summary>
    public int FreeCount => Volatile.Read(ref _freeCount);

    /// <summary>A buffer of <see cref="ClipConstants.PixelCount"/> floats, holding stale pixels: overwrite all of it.</summary>
    public float[] Rent()
    {
        if (_free.TryTake(out var buffer))
        {
            Interlocked.Decrement(ref _freeCount);
            return buffer;
        }

        return new float[ClipConstants.PixelCount];
    }

    /// <summary>
    /// Gives a buffer back once nothing reads it any more (its embedding is made). Beyond the capacity it is left to
    /// the collector.
    /// </summary>
    public void Return(float[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length != ClipConstants.PixelCount)
        {
            throw new ArgumentException($"Not a pixel buffer: {buffer.Length} floats, not {ClipConstants.PixelCount}.", nameof(buffer));
        }

        if (Interlocked.Increment(ref _freeCount) <= _capacity)
        {
            _free.Add(buffer);
        }
        else
        {
            Interlocked.Decrement(ref _freeCount);
        }
    }
}
