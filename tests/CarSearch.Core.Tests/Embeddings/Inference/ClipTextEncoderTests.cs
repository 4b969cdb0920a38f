using CarSearch.Tests;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Inference;

namespace CarSearch.Core.Tests.Embeddings.Inference;

public sealed class ClipTextEncoderTests(ReferenceEncoders encoders) : IClassFixture<ReferenceEncoders>
{
    private const int MixedBatchSize = 16;

    /// <summary>Every kit text through both text contracts (with and without <c>attention_mask</c>).</summary>
    public static TheoryData<string, int> TextsPerModel
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var model in new[] { ReferenceEncoders.TextModel, ReferenceEncoders.TextIdsOnlyModel })
            {
                for (var i = 0; i < ReferenceGoldens.Texts.Count; i++)
                {
                    data.Add(model, i);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> TextModels => [ReferenceEncoders.TextModel, ReferenceEncoders.TextIdsOnlyModel];

    [Theory]
    [MemberData(nameof(TextsPerModel))]
    public void EmbeddingMatchesTheReferenceForEachKitText(string model, int index)
    {
        var golden = ReferenceGoldens.Texts[index];

        var embedding = encoders.TextFor(model).Embed([golden.Ids]).Single();

        var what = $"{model} \"{golden.Text}\"";
        VectorAssert.Close(golden.Normalized, embedding, VectorAssert.NormalizedTolerance, what);
        VectorAssert.SameDirection(golden.Normalized, embedding, what);
        VectorAssert.UnitLength(embedding, what);
    }

    [Theory]
    [MemberData(nameof(TextsPerModel))]
    public void RawProjectionMatchesTheReferenceForEachKitText(string model, int index)
    {
        var golden = ReferenceGoldens.Texts[index];

        var raw = encoders.TextFor(model).EmbedUnnormalized([golden.Ids]).Single();

        VectorAssert.Close(golden.Raw, raw, VectorAssert.RawTolerance, $"{model} \"{golden.Text}\"");
    }

    [Theory]
    [MemberData(nameof(TextModels))]
    public void AnAttentionMaskIsFedOnlyWhenTheModelDeclaresOne(string model)
    {
        Assert.Equal(model == ReferenceEncoders.TextModel, encoders.TextFor(model).UsesAttentionMask);
    }

    [Theory]
    [MemberData(nameof(TextModels))]
    public void ATextInABatchOfMixedLengthsGetsTheSameVectorAsAlone(string model)
    {
        var encoder = encoders.TextFor(model);
        var batch = MixedLengths(MixedBatchSize);
        Assert.True(batch.Select(t => t.Ids.Length).Distinct().Count() > 1, "the kit should offer texts of different lengths");

        var together = encoder.Embed([.. batch.Select(t => (IReadOnlyList<int>)t.Ids)]);

        Assert.Equal(batch.Count, together.Length);
        for (var i = 0; i < batch.Count; i++)
        {
            var alone = encoder.Embed([batch[i].Ids]).Single();
            VectorAssert.Close(alone, together[i], VectorAssert.NormalizedTolerance, $"{model} \"{batch[i].Text}\" batch vs alone");
            VectorAssert.Close(batch[i].Normalized, together[i], VectorAssert.NormalizedTolerance, $"{model} \"{batch[i].Text}\" batch vs reference");
        }
    }

    [Fact]
    public void EveryKitTextInOneCallComesBackInInputOrder()
    {
        var texts = ReferenceGoldens.Texts;

        // More texts than one batch holds: they are reordered by length into chunks and must come back in place.
        var embeddings = encoders.Text.Embed([.. texts.Select(t => (IReadOnlyList<int>)t.Ids)]);

        Assert.True(texts.Count > encoders.Text.MaxBatchSize);
        for (var i = 0; i < texts.Count; i++)
        {
            VectorAssert.Close(texts[i].Normalized, embeddings[i], VectorAssert.NormalizedTolerance, $"\"{texts[i].Text}\"");
        }
    }

    [Fact]
    public void DimensionIsTheWidthOfTheReferenceEmbeddings()
    {
        Assert.Equal(ReferenceGoldens.Texts[0].Normalized.Length, encoders.Text.Dimension);
        Assert.Equal(ReferenceGoldens.Texts[0].Normalized.Length, encoders.TextIdsOnly.Dimension);
    }

    [Fact]
    public void NoTextsGiveNoVectors()
    {
        Assert.Empty(encoders.Text.Embed([]));
    }

    public static TheoryData<int[]> InvalidSequences =>
    [
        [],
        [.. Enumerable.Repeat(320, ClipConstants.ContextLength + 1)],
        [ClipConstants.StartOfTextToken, -1, ClipConstants.EndOfTextToken],
        [ClipConstants.StartOfTextToken, ClipConstants.EndOfTextToken + 1, ClipConstants.EndOfTextToken],
    ];

    [Theory]
    [MemberData(nameof(InvalidSequences))]
    public void ASequenceTheModelCannotTakeIsRejectedNamingItsPosition(int[] invalid)
    {
        IReadOnlyList<int>[] batch = [ReferenceGoldens.Texts[0].Ids, invalid];

        var error = Assert.Throws<ArgumentException>(() => encoders.Text.Embed(batch));

        Assert.Contains("sequence 1", error.Message);
    }

    [Fact]
    public void AFullContextSequenceIsAcceptedAndUnaffectedByAShortNeighbour()
    {
        int[] full = [ClipConstants.StartOfTextToken, .. Enumerable.Repeat(320, ClipConstants.ContextLength - 2), ClipConstants.EndOfTextToken];
        var shortest = ReferenceGoldens.Texts.MinBy(t => t.Ids.Length)!.Ids;

        var alone = encoders.Text.Embed([full]).Single();
        var together = encoders.Text.Embed([shortest, full]);

        VectorAssert.UnitLength(alone, "77 ids");
        VectorAssert.Close(alone, together[1], VectorAssert.NormalizedTolerance, "77 ids beside a short text");
    }

    /// <summary>Texts spread evenly over the kit's range of lengths, shortest and longest included, in kit order.</summary>
    private static List<ReferenceGoldens.TextGolden> MixedLengths(int count)
    {
        var byLength = ReferenceGoldens.Texts.OrderBy(t => t.Ids.Length).ToList();
        var picked = Enumerable.Range(0, count).Select(i => byLength[i * (byLength.Count - 1) / (count - 1)]).Distinct();
        return [.. picked.OrderBy(t => ReferenceGoldens.Texts.ToList().IndexOf(t))];
    }
}
