using CarSearch.Core.Embeddings.Inference;

namespace CarSearch.Core.Tests.Embeddings.Inference;

public sealed class TokenBatchTests
{
    private static readonly IReadOnlyList<int>[] Sequences = [[49406, 320, 49407], [49406, 49407], [49406, 320, 1125, 539, 49407]];

    [Fact]
    public void ABatchIsPaddedToItsLongestMemberNotToTheFullContext()
    {
        Assert.Equal(5, TokenBatch.SequenceLength(Sequences, [0, 1, 2], fixedLength: 0));
        Assert.Equal(3, TokenBatch.SequenceLength(Sequences, [1, 0], fixedLength: 0));
    }

    [Fact]
    public void AModelThatFixesTheLengthGetsThatLength()
    {
        Assert.Equal(77, TokenBatch.SequenceLength(Sequences, [0, 1], fixedLength: 77));
    }

    [Fact]
    public void IdsAreRightPaddedWithZeroRowByRowInMemberOrder()
    {
        var ids = new long[2 * 3];

        TokenBatch.FillIds(Sequences, [1, 0], 3, ids.AsSpan());

        Assert.Equal([49406, 49407, 0, 49406, 320, 49407], ids);
    }

    [Fact]
    public void TheMaskMarksRealTokensWithOneAndPaddingWithZero()
    {
        var mask = new int[3 * 5];
        mask.AsSpan().Fill(7); // stale pool contents must be overwritten

        TokenBatch.FillMask(Sequences, [0, 1, 2], 5, mask.AsSpan());

        Assert.Equal([1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1], mask);
    }
}
