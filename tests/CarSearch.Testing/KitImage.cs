using System.Text.Json.Serialization;
using CarSearch.Core.Embeddings;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using Xunit;

namespace CarSearch.Tests;

/// <summary>One entry of the reference kit's images.json, with its goldens from the kit's other files.</summary>
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

    /// <summary>Stored as displayed: no EXIF rotation, so the reference (which ignores EXIF) applies as is.</summary>
    public bool IsUpright => ExifOrientation() == 1;

    /// <summary>The reference's unit-length embedding of this image (embeddings.json).</summary>
    public float[] Reference => ReferenceGoldens.NormalizedImageEmbedding(File);

    public byte[] ReadBytes() => System.IO.File.ReadAllBytes(Path);

    /// <summary>The reference tensor, float32 CHW.</summary>
    public float[] ReadReference()
    {
        var values = ReferenceGoldens.ReadFloat32(ReferenceKit.PathOf(Pixels));
        Assert.Equal(ClipConstants.PixelCount, values.Length);
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
