namespace CarSearch.Core.Tests.Embeddings.Inference;

/// <summary>Synthetic towers whose outputs reveal what the encoder fed them.</summary>
internal static class TinyModels
{
    private static readonly int[] SpatialAxes = [2, 3];
    private static readonly int[] SequenceAxis = [1];

    /// <summary>Image tower whose embedding is the per-channel mean of the pixels, declared <c>[batch, outputDim]</c>.</summary>
    public static TinyOnnxModel ChannelMeans(
        object? batch = null, int[]? chw = null, string outputName = "image_embeds", object? outputDim = null, int elementType = TinyOnnxModel.Float)
    {
        batch ??= "batch_size";
        chw ??= [3, 224, 224];
        var model = new TinyOnnxModel().Input("pixel_values", elementType, batch, chw[0], chw[1], chw[2]);

        // Other pixel types still yield a float embedding, so only the input is at fault.
        return (elementType == TinyOnnxModel.Float
                ? model.Node("ReduceMean", ["pixel_values"], [outputName], ("axes", SpatialAxes), ("keepdims", 0))
                : model.Node("ReduceMean", ["pixel_values"], ["means"], ("axes", SpatialAxes), ("keepdims", 0))
                    .Node("Cast", ["means"], [outputName], ("to", TinyOnnxModel.Float)))
            .Output(outputName, TinyOnnxModel.Float, batch, outputDim ?? 3);
    }

    /// <summary>Image tower with two 2-D float outputs: channel means and channel maxima.</summary>
    public static TinyOnnxModel MeansAndMaxima(string meansName, string maximaName) =>
        new TinyOnnxModel()
            .Input("pixel_values", TinyOnnxModel.Float, "batch_size", 3, 224, 224)
            .Node("ReduceMax", ["pixel_values"], [maximaName], ("axes", SpatialAxes), ("keepdims", 0))
            .Node("ReduceMean", ["pixel_values"], [meansName], ("axes", SpatialAxes), ("keepdims", 0))
            .Output(maximaName, TinyOnnxModel.Float, "batch_size", 3)
            .Output(meansName, TinyOnnxModel.Float, "batch_size", 3);

    /// <summary>
    /// Text tower whose raw "embedding" per row is [sum of ids, fed sequence length] and, when it declares a mask,
    /// [sum of ids, fed sequence length, sum of mask]: exactly what the encoder fed, row by row.
    /// </summary>
    public static TinyOnnxModel FeedProbe(int idsType, int? maskType, object? batch = null, object? length = null)
    {
        batch ??= "batch_size";
        length ??= "sequence_length";
        var model = new TinyOnnxModel()
            .Input("input_ids", idsType, batch, length)
            .Scalar("zero", 0f)
            .Scalar("one", 1f)
            .Node("Cast", ["input_ids"], ["ids_f"], ("to", TinyOnnxModel.Float))
            .Node("ReduceSum", ["ids_f"], ["ids_sum"], ("axes", SequenceAxis), ("keepdims", 1))
            .Node("Mul", ["ids_f", "zero"], ["zeros"])
            .Node("Add", ["zeros", "one"], ["ones"])
            .Node("ReduceSum", ["ones"], ["length"], ("axes", SequenceAxis), ("keepdims", 1));
        string[] columns = ["ids_sum", "length"];
        if (maskType is { } mask)
        {
            model.Input("attention_mask", mask, batch, length)
                .Node("Cast", ["attention_mask"], ["mask_f"], ("to", TinyOnnxModel.Float))
                .Node("ReduceSum", ["mask_f"], ["mask_sum"], ("axes", SequenceAxis), ("keepdims", 1));
            columns = [.. columns, "mask_sum"];
        }

        return model
            .Node("Concat", columns, ["text_embeds"], ("axis", 1))
            .Output("text_embeds", TinyOnnxModel.Float, batch, columns.Length);
    }
}

/// <summary>A model written to a temporary file, deleted with the test.</summary>
internal sealed class TempModel : IDisposable
{
    public TempModel(TinyOnnxModel model) => Path = model.WriteTemp();

    public TempModel(byte[] content)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"carsearch-bad-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(Path, content);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
