using System.Text.Json;
using System.Text.Json.Serialization;
using CarSearch.Core.Embeddings;
using CarSearch.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace CarSearch.Core.Tests.Embeddings.Images;

/// <summary>One entry of the reference kit's images.json.</summary>
public sealed record KitImage(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("pixels")] string Pixels,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("pil_mode")] string PilMode,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("resized_to")] int[] ResizedTo,
    [property: JsonPropertyName("crop_left_top")] int[] CropLeftTop)
{
    public string Path => ReferenceKit.PathOf("images", File);

    public byte[] ReadBytes() => System.IO.File.ReadAllBytes(Path);

    /// <summary>The reference tensor, float32 CHW.</summary>
    public float[] ReadReference()
    {
        var bytes = System.IO.File.ReadAllBytes(ReferenceKit.PathOf(Pixels));
        Assert.Equal(ClipConstants.PixelCount * sizeof(float), bytes.Length);
        var values = new float[ClipConstants.PixelCount];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>EXIF orientation read from the file itself (1 when absent), not from the description.</summary>
    public int ExifOrientation()
    {
        var info = Image.Identify(Path);
        var value = info.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? 1;
        return value is >= 1 and <= 8 ? value : 1;
    }

    public override string ToString() => File;
}

/// <summary>The kit's images as test data, driven by images.json so unseen images are covered the same way.</summary>
public static class KitImages
{
    private static readonly Lazy<IReadOnlyList<KitImage>> Entries = new(() =>
        JsonSerializer.Deserialize<List<KitImage>>(System.IO.File.ReadAllText(ReferenceKit.PathOf("images.json")))
        ?? throw new InvalidOperationException("images.json is empty."));

    private static readonly string[] LosslessFormats = ["PNG", "GIF", "BMP"];

    public static IReadOnlyList<KitImage> All => Entries.Value;

    public static IEnumerable<KitImage> Upright => All.Where(image => image.ExifOrientation() == 1);

    public static IEnumerable<KitImage> Rotated => All.Where(image => image.ExifOrientation() != 1);

    public static TheoryData<KitImage> AllData() => ToTheory(All);

    public static TheoryData<KitImage> UprightData() => ToTheory(Upright);

    public static TheoryData<KitImage> RotatedData() => ToTheory(Rotated);

    /// <summary>Upright images in formats whose decoding is exact in every decoder.</summary>
    public static TheoryData<KitImage> LosslessUprightData() =>
        ToTheory(Upright.Where(image => LosslessFormats.Contains(image.Format, StringComparer.OrdinalIgnoreCase)));

    public static TheoryData<KitImage> OfFormat(string format) =>
        ToTheory(All.Where(image => string.Equals(image.Format, format, StringComparison.OrdinalIgnoreCase)));

    private static TheoryData<KitImage> ToTheory(IEnumerable<KitImage> images)
    {
        var data = new TheoryData<KitImage>();
        foreach (var image in images)
        {
            data.Add(image);
        }

        return data;
    }
}
