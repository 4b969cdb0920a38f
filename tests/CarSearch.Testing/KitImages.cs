using System.Text.Json;
using Xunit;

namespace CarSearch.Tests;

/// <summary>
/// The kit's images as test data, driven by images.json so unseen images are covered the same way. The one reader of
/// images.json: <see cref="ReferenceGoldens"/> and <see cref="KitCatalog"/> list the images through it.
/// </summary>
public static class KitImages
{
    private static readonly Lazy<IReadOnlyList<KitImage>> Entries = new(() =>
        JsonSerializer.Deserialize<List<KitImage>>(System.IO.File.ReadAllText(ReferenceKit.PathOf("images.json")))
        ?? throw new InvalidOperationException("images.json is empty."));

    private static readonly string[] LosslessFormats = ["PNG", "GIF", "BMP"];

    public static IReadOnlyList<KitImage> All => Entries.Value;

    public static IEnumerable<KitImage> Upright => All.Where(image => image.IsUpright);

    public static IEnumerable<KitImage> Rotated => All.Where(image => !image.IsUpright);

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
