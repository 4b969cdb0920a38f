using CarSearch.Core.Embeddings;
using CarSearch.Core.Ingest;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>The ingest's reused CLIP input tensors: the same few serve a burst, and no more than the bound are kept.</summary>
public sealed class PixelBuffersTests
{
    [Fact]
    public void ABufferHoldsOneImagesTensor()
    {
        Assert.Equal(ClipConstants.PixelCount, new PixelBuffers(2).Rent().Length);
    }

    [Fact]
    public void AReturnedBufferIsTheNextOneRented()
    {
        var buffers = new PixelBuffers(2);
        var first = buffers.Rent();

        buffers.Return(first);

        Assert.Same(first, buffers.Rent());
        Assert.Equal(0, buffers.FreeCount);
    }

    [Fact]
    public void NoMoreThanTheCapacityIsKept()
    {
        var buffers = new PixelBuffers(2);
        var rented = Enumerable.Range(0, 5).Select(_ => buffers.Rent()).ToList();

        rented.ForEach(buffers.Return);

        Assert.Equal(2, buffers.FreeCount);
        var again = Enumerable.Range(0, 3).Select(_ => buffers.Rent()).ToList();
        Assert.Equal(2, again.Count(buffer => rented.Contains(buffer)));
    }

    [Fact]
    public void AnArrayOfAnotherSizeIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new PixelBuffers(2).Return(new float[ClipConstants.PixelCount - 1]));
    }

    [Fact]
    public void ManyThreadsRentingAndReturningNeverShareABufferOrExceedTheCapacity()
    {
        var buffers = new PixelBuffers(4);
        var inUse = new HashSet<float[]>(ReferenceEqualityComparer.Instance);

        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            var buffer = buffers.Rent();
            lock (inUse)
            {
                Assert.True(inUse.Add(buffer), "a buffer was handed out twice at once");
            }

            lock (inUse)
            {
                inUse.Remove(buffer);
            }

            buffers.Return(buffer);
        });

        Assert.InRange(buffers.FreeCount, 1, 4);
    }
}
