using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Inference;
using CarSearch.Core.Embeddings.Model;

namespace CarSearch.Core.Tests.Embeddings.Inference;

/// <summary>How the encoders read a model's declared inputs and outputs, on synthetic exports of each variant.</summary>
public sealed class EncoderModelContractTests
{
    private static readonly InferenceOptions Defaults = new();

    public static TheoryData<int, int?> TextInputVariants => new()
    {
        { TinyOnnxModel.Int64, TinyOnnxModel.Int64 },
        { TinyOnnxModel.Int32, TinyOnnxModel.Int32 },
        { TinyOnnxModel.Int64, TinyOnnxModel.Int32 },
        { TinyOnnxModel.Int64, null },
        { TinyOnnxModel.Int32, null },
    };

    [Theory]
    [MemberData(nameof(TextInputVariants))]
    public void TextIsFedInTheDeclaredIntegerTypePaddedToTheLongestWithAMatchingMask(int idsType, int? maskType)
    {
        using var model = new TempModel(TinyModels.FeedProbe(idsType, maskType));
        using var encoder = new ClipTextEncoder(model.Path, Defaults);
        IReadOnlyList<int>[] batch = [[49406, 320, 49407], [49406, 49407], [49406, 320, 1125, 539, 2368, 49407]];
        var longest = batch.Max(ids => ids.Count);

        var rows = encoder.EmbedUnnormalized(batch);

        Assert.Equal(maskType.HasValue, encoder.UsesAttentionMask);
        for (var i = 0; i < batch.Length; i++)
        {
            Assert.Equal(batch[i].Sum(), rows[i][0]); // ids intact, padding adds 0
            Assert.Equal(longest, rows[i][1]); // fed length = longest in the batch
            if (maskType.HasValue)
            {
                Assert.Equal(batch[i].Count, rows[i][2]); // one mask bit per real token
            }
        }
    }

    [Fact]
    public void ChunksArePaddedOnlyToTheirOwnLongestMember()
    {
        using var model = new TempModel(TinyModels.FeedProbe(TinyOnnxModel.Int64, TinyOnnxModel.Int64));
        using var encoder = new ClipTextEncoder(model.Path, new InferenceOptions { MaxBatchSize = 2 });
        IReadOnlyList<int>[] batch = [[49406, 1, 2, 3, 4, 5, 6, 49407], [49406, 49407], [49406, 7, 49407], [49406, 8, 9, 49407]];

        var rows = encoder.EmbedUnnormalized(batch);

        // Sorted by length into chunks {2,3} and {4,8}: the short texts are not padded to 8.
        Assert.Equal([8f, 3f, 3f, 8f], rows.Select(row => row[1]));
        Assert.Equal(batch.Select(ids => (float)ids.Sum()), rows.Select(row => row[0]));
    }

    [Fact]
    public void ATextModelWithAFixedBatchOfOneIsFedOneSequenceAtATime()
    {
        using var model = new TempModel(TinyModels.FeedProbe(TinyOnnxModel.Int64, null, batch: 1));
        using var encoder = new ClipTextEncoder(model.Path, Defaults);
        IReadOnlyList<int>[] batch = [[49406, 5, 49407], [49406, 49407]];

        var rows = encoder.EmbedUnnormalized(batch);

        Assert.Equal(1, encoder.MaxBatchSize);
        Assert.Equal([3f, 2f], rows.Select(row => row[1]));
    }

    [Fact]
    public void ATextModelWithAFixedLengthIsPaddedToIt()
    {
        using var model = new TempModel(TinyModels.FeedProbe(TinyOnnxModel.Int32, TinyOnnxModel.Int32, length: ClipConstants.ContextLength));
        using var encoder = new ClipTextEncoder(model.Path, Defaults);

        var row = encoder.EmbedUnnormalized([[49406, 5, 49407]]).Single();

        Assert.Equal([49406f + 5 + 49407, ClipConstants.ContextLength, 3f], row);
    }

    [Fact]
    public void ATextModelWithAnInputWeCannotFeedIsRejectedListingItsInputs()
    {
        var probe = TinyModels.FeedProbe(TinyOnnxModel.Int64, TinyOnnxModel.Int64).Input("position_ids", TinyOnnxModel.Int64, "batch_size", "sequence_length");
        using var model = new TempModel(probe);

        var error = Assert.Throws<InvalidModelException>(() => new ClipTextEncoder(model.Path, Defaults));

        Assert.Equal(model.Path, error.ModelPath);
        Assert.Contains("position_ids", error.Message);
    }

    [Fact]
    public void TheImageEmbeddingOutputIsChosenByNameOverOtherTwoDimensionalOutputs()
    {
        using var model = new TempModel(TinyModels.MeansAndMaxima(meansName: ClipImageEncoder.PreferredOutputName, maximaName: "pooler_output"));
        using var encoder = new ClipImageEncoder(model.Path, Defaults);

        var row = encoder.EmbedUnnormalized(ChannelImage(0.5f, -1f, 2f), 1).Single();

        Assert.Equal([0.5f, -1f, 2f], row);
    }

    [Fact]
    public void ASingleTwoDimensionalFloatOutputIsUsedWhateverItsName()
    {
        using var model = new TempModel(TinyModels.ChannelMeans(outputName: "embeddings"));
        using var encoder = new ClipImageEncoder(model.Path, Defaults);

        var row = encoder.Embed(ChannelImage(3f, 0f, 4f), 1).Single();

        Assert.Equal([0.6f, 0f, 0.8f], row, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void AmbiguousOutputsAreRejectedListingThem()
    {
        using var model = new TempModel(TinyModels.MeansAndMaxima(meansName: "means", maximaName: "maxima"));

        var error = Assert.Throws<InvalidModelException>(() => new ClipImageEncoder(model.Path, Defaults));

        Assert.Contains("means", error.Message);
        Assert.Contains("maxima", error.Message);
    }

    [Fact]
    public void ASymbolicEmbeddingWidthIsDiscoveredAtLoad()
    {
        using var model = new TempModel(TinyModels.ChannelMeans(outputDim: "embed_dim"));
        using var encoder = new ClipImageEncoder(model.Path, Defaults);

        Assert.Equal(3, encoder.Dimension);
    }

    /// <summary>Spinning is scheduling only: with it on or off (off by default) the model runs and answers the same.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ThreadsThatSpinOrSleepGiveTheSameEmbeddings(bool allowSpinning)
    {
        using var model = new TempModel(TinyModels.ChannelMeans());
        using var encoder = new ClipImageEncoder(model.Path, new InferenceOptions { AllowSpinning = allowSpinning, IntraOpThreads = 2 });
        float[] pixels = [.. ChannelImage(1f, 2f, 3f), .. ChannelImage(-4f, 5f, 6f)];

        var rows = encoder.EmbedUnnormalized(pixels, 2);

        Assert.Equal([1f, 2f, 3f], rows[0]);
        Assert.Equal([-4f, 5f, 6f], rows[1]);
    }

    [Fact]
    public void AnImageModelWithAFixedBatchOfOneIsFedOneImageAtATime()
    {
        using var model = new TempModel(TinyModels.ChannelMeans(batch: 1));
        using var encoder = new ClipImageEncoder(model.Path, Defaults);
        float[] pixels = [.. ChannelImage(1f, 2f, 3f), .. ChannelImage(-4f, 5f, 6f)];

        var rows = encoder.EmbedUnnormalized(pixels, 2);

        Assert.Equal(1, encoder.MaxBatchSize);
        Assert.Equal([1f, 2f, 3f], rows[0]);
        Assert.Equal([-4f, 5f, 6f], rows[1]);
    }

    public static TheoryData<string, object, int[], int> WrongImageInputs => new()
    {
        { "32x32 input", "batch_size", [3, 32, 32], TinyOnnxModel.Float },
        { "single channel", "batch_size", [1, 224, 224], TinyOnnxModel.Float },
        { "int64 pixels", "batch_size", [3, 224, 224], TinyOnnxModel.Int64 },
        { "fixed batch of 4", 4, [3, 224, 224], TinyOnnxModel.Float },
    };

    [Theory]
    [MemberData(nameof(WrongImageInputs))]
    public void AnImageModelWithTheWrongInputIsRejectedAtLoad(string variant, object batch, int[] chw, int elementType)
    {
        using var model = new TempModel(TinyModels.ChannelMeans(batch: batch, chw: chw, elementType: elementType));

        var error = Assert.Throws<InvalidModelException>(() => new ClipImageEncoder(model.Path, Defaults));

        Assert.True(error.ModelPath == model.Path, variant);
        Assert.Contains($"pixel_values {(elementType == TinyOnnxModel.Float ? "Float" : "Int64")}[{batch},{string.Join(",", chw)}]", error.Message);
    }

    [Fact]
    public void AFileThatIsNotAnOnnxModelIsRejectedNamingTheFile()
    {
        using var model = new TempModel("this is not a model"u8.ToArray());

        var image = Assert.Throws<InvalidModelException>(() => new ClipImageEncoder(model.Path, Defaults));
        var text = Assert.Throws<InvalidModelException>(() => new ClipTextEncoder(model.Path, Defaults));

        Assert.Contains(model.Path, image.Message);
        Assert.Contains(model.Path, text.Message);
    }

    [Fact]
    public void AMissingOnnxFileIsAModelNotFoundErrorNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"carsearch-absent-{Guid.NewGuid():N}", "image.onnx");

        var error = Assert.Throws<ModelNotFoundException>(() => new ClipImageEncoder(path, Defaults));

        Assert.Equal(["image.onnx"], error.MissingFiles);
        Assert.Contains(ModelFolder.EnvironmentVariable, error.Message);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(InferenceOptions.MaxBatchSizeLimit + 1, null)]
    [InlineData(16, 0)]
    public void OutOfRangeOptionsAreRejected(int maxBatchSize, int? intraOpThreads)
    {
        using var model = new TempModel(TinyModels.ChannelMeans());
        var options = new InferenceOptions { MaxBatchSize = maxBatchSize, IntraOpThreads = intraOpThreads };

        Assert.Throws<ArgumentOutOfRangeException>(() => new ClipImageEncoder(model.Path, options));
    }

    /// <summary>A 3 x 224 x 224 image whose channels are constant, so per-channel means are exact.</summary>
    private static float[] ChannelImage(float red, float green, float blue)
    {
        const int plane = ClipConstants.ImageSize * ClipConstants.ImageSize;
        var pixels = new float[ClipConstants.PixelCount];
        pixels.AsSpan(0, plane).Fill(red);
        pixels.AsSpan(plane, plane).Fill(green);
        pixels.AsSpan(2 * plane, plane).Fill(blue);
        return pixels;
    }
}
