using System.Numerics.Tensors;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Core.Tests.Embeddings.Images;
using CarSearch.Core.Tests.Embeddings.Inference;
using CarSearch.Tests;

namespace CarSearch.Core.Tests.Embeddings;

/// <summary>The whole pipeline, from image bytes and text to embeddings, against the reference kit.</summary>
public sealed class ClipEmbedderTests : IClassFixture<ClipEmbedderTests.KitEmbedder>
{
    /// <summary>From encoded bytes our decoder and the reference's differ slightly (JPEG); the issue allows this much.</summary>
    private const double MinImageCosine = 0.9995;

    private readonly ClipEmbedder _embedder;

    public ClipEmbedderTests(KitEmbedder fixture) => _embedder = fixture.Embedder;

    public static TheoryData<KitImage> UprightImages => KitImages.UprightData();

    [Theory]
    [MemberData(nameof(UprightImages))]
    public void ImageBytesEmbedLikeTheReference(KitImage image)
    {
        var embedding = _embedder.EmbedImages([image.ReadBytes()]).Single();

        var reference = ReferenceGoldens.Images.Single(golden => golden.File == image.File).Normalized;
        var cosine = TensorPrimitives.CosineSimilarity(reference, embedding);
        Assert.True(cosine >= MinImageCosine, $"{image.File}: cosine {cosine:F7} below {MinImageCosine}");
        VectorAssert.UnitLength(embedding, image.File);
    }

    [Fact]
    public void TextsEmbedLikeTheReference()
    {
        var texts = ReferenceGoldens.Texts;

        var embeddings = _embedder.EmbedTexts([.. texts.Select(t => t.Text)]);

        for (var i = 0; i < texts.Count; i++)
        {
            VectorAssert.SameDirection(texts[i].Normalized, embeddings[i], texts[i].Text);
            VectorAssert.Close(texts[i].Normalized, embeddings[i], VectorAssert.NormalizedTolerance, texts[i].Text);
        }
    }

    [Fact]
    public void AnImageGivesTheSameVectorAloneAndInsideABatchOfSixteen()
    {
        var files = KitImages.All.Select(image => image.ReadBytes()).ToArray();
        var batch = Enumerable.Range(0, 16).Select(i => (ReadOnlyMemory<byte>)files[i % files.Length]).ToArray();

        var together = _embedder.EmbedImages(batch);

        for (var i = 0; i < files.Length; i++)
        {
            var alone = _embedder.EmbedImages([files[i]]).Single();
            VectorAssert.Close(alone, together[i], VectorAssert.NormalizedTolerance, KitImages.All[i].File);
        }
    }

    [Fact]
    public void ATextGivesTheSameVectorAloneAndInsideABatchOfSixteen()
    {
        var texts = ReferenceGoldens.Texts.Select(t => t.Text).Take(16).ToArray();

        var together = _embedder.EmbedTexts(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            VectorAssert.Close(_embedder.EmbedTexts([texts[i]]).Single(), together[i], VectorAssert.NormalizedTolerance, texts[i]);
        }
    }

    [Fact]
    public void ABadImageInABatchIsReportedWithItsPosition()
    {
        var good = KitImages.All[0].ReadBytes();
        ReadOnlyMemory<byte>[] batch = [good, good, "not an image"u8.ToArray(), good];

        var rejection = Assert.Throws<ImageRejectedException>(() => _embedder.EmbedImages(batch));

        Assert.Equal(2, rejection.InputIndex);
        Assert.Equal(ImageRejectionReason.UnknownFormat, rejection.Reason);
    }

    [Fact]
    public void ManyThreadsShareOneEmbedder()
    {
        var image = KitImages.All[0].ReadBytes();
        var text = ReferenceGoldens.Texts[0].Text;
        var expectedImage = _embedder.EmbedImages([image]).Single();
        var expectedText = _embedder.EmbedTexts([text]).Single();

        Parallel.For(0, 32, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var actual = i % 2 == 0 ? _embedder.EmbedImages([image]).Single() : _embedder.EmbedTexts([text]).Single();
            Assert.Equal(i % 2 == 0 ? expectedImage : expectedText, actual);
        });
    }

    [Fact]
    public void OnePixelBufferReusedForConsecutiveImagesGivesEachTheEmbeddingItGetsAlone()
    {
        var buffer = new float[ClipConstants.PixelCount];

        // Different sizes and formats one after another, so anything left from the previous image would show.
        foreach (var image in KitImages.All.Take(6))
        {
            var bytes = image.ReadBytes();
            var fresh = _embedder.PreprocessImage(bytes);

            var reused = _embedder.PreprocessImageWithThumbnail(bytes, buffer);

            Assert.Same(buffer, reused.Pixels);
            Assert.Equal(fresh.Pixels, reused.Pixels);
            Assert.Equal(_embedder.EmbedImages([bytes]).Single(), _embedder.EmbedPreprocessed([buffer]).Single());
        }
    }

    [Theory]
    [InlineData(ClipConstants.PixelCount - 1)]
    [InlineData(ClipConstants.PixelCount + 1)]
    public void APixelBufferOfAnotherSizeIsRefused(int length)
    {
        var bytes = KitImages.All[0].ReadBytes();

        Assert.Throws<ArgumentException>(() => _embedder.PreprocessImageWithThumbnail(bytes, new float[length]));
    }

    [Fact]
    public void ReportsTheModelItWasLoadedFrom()
    {
        Assert.Equal(new ModelFolder(ReferenceKit.ModelDirectory).ModelId, _embedder.ModelId);
        Assert.Equal(ReferenceGoldens.Texts[0].Normalized.Length, _embedder.Dimension);
    }

    /// <summary>One embedder over the kit's model for the whole class, as the app shares one.</summary>
    public sealed class KitEmbedder : IDisposable
    {
        public ClipEmbedder Embedder { get; } = ClipEmbedder.Open(new ModelFolder(ReferenceKit.ModelDirectory));

        public void Dispose() => Embedder.Dispose();
    }
}
