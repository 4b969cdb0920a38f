using System.Text.Json;
using System.Text.Json.Serialization;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>One case of Goldens/goldens.json, written by Goldens/make_goldens.py with Pillow 9.4.</summary>
public sealed record PillowGolden(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("rgb")] string Rgb,
    [property: JsonPropertyName("pil_mode")] string PilMode,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("supported")] bool Supported,
    [property: JsonPropertyName("tensor_sha256")] string TensorSha256)
{
    public byte[] ReadInput() => System.IO.File.ReadAllBytes(PillowGoldens.PathOf(File));

    /// <summary>Pillow's <c>convert("RGB")</c> of the input, as an 8-bit RGB PNG.</summary>
    public byte[] ReadConvertedRgb() => System.IO.File.ReadAllBytes(PillowGoldens.PathOf(Rgb));

    public bool IsJpeg => File.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{File} ({PilMode})";
}

/// <summary>The Pillow goldens for conversions the reference kit has no image for.</summary>
public static class PillowGoldens
{
    private static readonly Lazy<IReadOnlyList<PillowGolden>> Entries = new(() =>
        JsonSerializer.Deserialize<List<PillowGolden>>(System.IO.File.ReadAllText(PathOf("goldens.json")))
        ?? throw new InvalidOperationException("goldens.json is empty."));

    public static IReadOnlyList<PillowGolden> All => Entries.Value;

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Embeddings", "Images", "Goldens", file);

    /// <summary>Cases we decode and must match Pillow on.</summary>
    public static TheoryData<PillowGolden> Supported() => ToTheory(Entries.Value.Where(golden => golden.Supported));

    /// <summary>Cases Pillow reads but ImageSharp 2.1 cannot: these must be refused as unsupported.</summary>
    public static TheoryData<PillowGolden> Unsupported() => ToTheory(Entries.Value.Where(golden => !golden.Supported));

    private static TheoryData<PillowGolden> ToTheory(IEnumerable<PillowGolden> goldens)
    {
        var data = new TheoryData<PillowGolden>();
        foreach (var golden in goldens)
        {
            data.Add(golden);
        }

        return data;
    }
}
