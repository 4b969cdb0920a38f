using CarSearch.Tests;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Inference;

namespace CarSearch.Core.Tests.Embeddings.Inference;

public sealed class ClipImageEncoderTests(ReferenceEncoders encoders) : IClassFixture<ReferenceEncoders>
{
    public static TheoryData<string> ImageFiles => [.. ReferenceGoldens.Images.Select(image => image.File)];

    [Theory]
    [MemberData(nameof(ImageFiles))]
    public void EmbeddingMatchesTheReferenceForEachKitImage(string file)
    {
        var golden = ReferenceGoldens.Images.Single(image => image.File == file);

        var embedding = encoders.Image.Embed(golden.Pixels, 1).Single();

        VectorAssert.Close(golden.Normalized, embedding, VectorAssert.NormalizedTolerance, file);
        VectorAssert.SameDirection(golden.Normalized, embedding, file);
        VectorAssert.UnitLength(embedding, file);
    }

    [Theory]
    [MemberData(nameof(ImageFiles))]
    public void RawProjectionMatchesTheReferenceForEachKitImage(string file)
    {
        var golden = ReferenceGoldens.Images.Single(image => image.File == file);

        var raw = encoders.Image.EmbedUnnormalized(golden.Pixels, 1).Single();

        VectorAssert.Close(golden.Raw, raw, VectorAssert.RawTolerance, file);
    }

    [Fact]
    public void DimensionIsTheWidthOfTheReferenceEmbeddings()
    {
        Assert.Equal(ReferenceGoldens.Images[0].Normalized.Length, encoders.Image.Dimension);
    }

    [Fact]
    public void ABatchOfEveryKitImageGivesEachImageItsOwnVectorInOrder()
    {
        var images = ReferenceGoldens.Images;
        var batch = images.SelectMany(image => image.Pixels).ToArray();

        var together = encoders.Image.Embed(batch, images.Count);

        Assert.Equal(images.Count, together.Length);
        for (var i = 0; i < images.Count; i++)
        {
            var alone = encoders.Image.Embed(images[i].Pixels, 1).Single();
            VectorAssert.Close(alone, together[i], VectorAssert.NormalizedTolerance, $"{images[i].File} batch vs alone");
            VectorAssert.Close(images[i].Normalized, together[i], VectorAssert.NormalizedTolerance, $"{images[i].File} batch vs reference");
        }
    }

    [Fact]
    public void SeparateImageArraysGiveTheSameVectorsAsOneContiguousBatch()
    {
        var images = ReferenceGoldens.Images;

        var fromList = encoders.Image.Embed(images.Select(image => image.Pixels).ToList());
        var fromSpan = encoders.Image.Embed(images.SelectMany(image => image.Pixels).ToArray(), images.Count);

        Assert.Equal(images.Count, fromList.Length);
        for (var i = 0; i < images.Count; i++)
        {
            VectorAssert.Close(fromSpan[i], fromList[i], VectorAssert.NormalizedTolerance, images[i].File);
        }
    }

    [Fact]
    public void RequestsLargerThanTheBatchLimitAreSplitAndKeepTheirOrder()
    {
        var images = ReferenceGoldens.Images;
        var batchSize = Math.Max(1, images.Count / 3);
        using var small = new ClipImageEncoder(ReferenceGoldens.ModelPath(ReferenceEncoders.ImageModel), new InferenceOptions { MaxBatchSize = batchSize });

        var fromSpan = small.Embed(images.SelectMany(image => image.Pixels).ToArray(), images.Count);
        var fromList = small.Embed(images.Select(image => image.Pixels).ToList());

        Assert.Equal(batchSize, small.MaxBatchSize);
        for (var i = 0; i < images.Count; i++)
        {
            VectorAssert.Close(images[i].Normalized, fromSpan[i], VectorAssert.NormalizedTolerance, $"{images[i].File} (span)");
            VectorAssert.Close(images[i].Normalized, fromList[i], VectorAssert.NormalizedTolerance, $"{images[i].File} (list)");
        }
    }

    [Fact]
    public void ConsecutiveBatchesOfOtherSizesAndImagesEachMatchTheReference()
    {
        // The encoder keeps its batch buffer between runs: a smaller batch after a larger one, other images in the
        // same slots, and a larger one again must each see only their own pixels.
        var images = ReferenceGoldens.Images;
        IReadOnlyList<int>[] batches =
        [
            [.. Enumerable.Range(0, images.Count)],
            [.. Enumerable.Range(0, Math.Min(3, images.Count)).Reverse()],
            [.. Enumerable.Range(0, images.Count).Reverse()],
        ];

        foreach (var batch in batches)
        {
            var vectors = encoders.Image.Embed(batch.Select(i => images[i].Pixels).ToList());

            for (var slot = 0; slot < batch.Count; slot++)
            {
                var golden = images[batch[slot]];
                VectorAssert.Close(golden.Normalized, vectors[slot], VectorAssert.NormalizedTolerance, $"{golden.File} in slot {slot}");
            }
        }
    }

    [Fact]
    public void NoImagesGiveNoVectors()
    {
        Assert.Empty(encoders.Image.Embed([], 0));
        Assert.Empty(encoders.Image.Embed(new List<float[]>()));
    }

    [Theory]
    [InlineData(ClipConstants.PixelCount - 1, 1)]
    [InlineData(ClipConstants.PixelCount, 2)]
    [InlineData(ClipConstants.PixelCount * 2, 1)]
    public void APixelBufferThatDoesNotHoldCountImagesIsRejected(int length, int count)
    {
        var error = Assert.Throws<ArgumentException>(() => encoders.Image.Embed(new float[length], count));
        Assert.Contains(length.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void AnImageArrayOfTheWrongSizeIsRejectedNamingItsPosition()
    {
        float[][] images = [new float[ClipConstants.PixelCount], new float[100]];

        var error = Assert.Throws<ArgumentException>(() => encoders.Image.Embed(images));

        Assert.Contains("Image 1", error.Message);
    }

    [Fact]
    public void ADisposedEncoderRefusesWork()
    {
        var encoder = new ClipImageEncoder(ReferenceGoldens.ModelPath(ReferenceEncoders.ImageModel), new InferenceOptions());
        encoder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => encoder.Embed(ReferenceGoldens.Images[0].Pixels, 1));
    }
}
