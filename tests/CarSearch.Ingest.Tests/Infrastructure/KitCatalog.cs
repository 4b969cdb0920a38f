using System.Text.Json;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Tests;

namespace CarSearch.Ingest.Tests.Infrastructure;

/// <summary>One kit image as images.json and embeddings.json describe it.</summary>
public sealed record KitImage(string File, string Format, int Width, int Height, float[] Reference)
{
    public byte[] ReadBytes() => System.IO.File.ReadAllBytes(ReferenceKit.PathOf("images", File));

    /// <summary>Stored as displayed: no EXIF rotation, so the reference (which ignores EXIF) applies as is.</summary>
    public bool IsUpright => new ImagePreprocessor(new ImageOptions()).Identify(ReadBytes()).Orientation == 1;

    public override string ToString() => File;
}

/// <summary>The kit's images, driven by its metadata so unseen images are covered the same way.</summary>
public static class KitCatalog
{
    private static readonly Lazy<IReadOnlyList<KitImage>> Entries = new(Load);

    public static IReadOnlyList<KitImage> Images => Entries.Value;

    public static IEnumerable<KitImage> Upright => Images.Where(image => image.IsUpright);

    /// <summary>Metadata to upload with a kit image: some of it from images.json, one value beyond ASCII.</summary>
    public static Dictionary<string, string> MetadataFor(KitImage image) => new()
    {
        ["make"] = "Kit",
        ["format"] = image.Format,
        ["size"] = $"{image.Width}x{image.Height}",
        ["colour"] = $"Gris métallisé {image.File.Length} 車",
    };

    private static List<KitImage> Load()
    {
        using var images = JsonDocument.Parse(System.IO.File.ReadAllText(ReferenceKit.PathOf("images.json")));
        using var embeddings = JsonDocument.Parse(System.IO.File.ReadAllText(ReferenceKit.PathOf("embeddings.json")));
        var vectors = embeddings.RootElement.GetProperty("images");
        return
        [
            .. images.RootElement.EnumerateArray().Select(entry =>
            {
                var file = entry.GetProperty("file").GetString()!;
                return new KitImage(
                    file,
                    entry.GetProperty("format").GetString()!,
                    entry.GetProperty("width").GetInt32(),
                    entry.GetProperty("height").GetInt32(),
                    [.. vectors.GetProperty(file).GetProperty("normalized").EnumerateArray().Select(v => v.GetSingle())]);
            }),
        ];
    }
}
