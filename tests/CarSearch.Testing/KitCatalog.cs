using System.Text.Json;
using Xunit;

namespace CarSearch.Tests;

/// <summary>The kit's images (read by <see cref="KitImages"/>) and rankings as test data, driven by its own metadata so unseen kits work the same.</summary>
public static class KitCatalog
{
    private static readonly Lazy<IReadOnlyList<KitRanking>> LazyRankings = new(() => Load<List<KitRanking>>("rankings.json"));

    public static IReadOnlyList<KitImage> Images => KitImages.All;

    public static IEnumerable<KitImage> Upright => KitImages.Upright;

    public static IReadOnlyList<KitRanking> Rankings => LazyRankings.Value;

    /// <summary>Texts a search accepts (the kit also has blank ones, which the API refuses).</summary>
    public static IEnumerable<KitRanking> SearchableRankings => Rankings.Where(r => !string.IsNullOrWhiteSpace(r.Text));

    public static TheoryData<string> ImageFiles() => [.. Images.Select(image => image.File)];

    public static TheoryData<string> SearchableTexts() => [.. SearchableRankings.Select(r => r.Text)];

    public static TheoryData<string> Formats() => [.. Images.Select(image => image.Format).Distinct(StringComparer.Ordinal)];

    public static KitImage Image(string file) => Images.Single(image => image.File == file);

    public static KitRanking Ranking(string text) => Rankings.Single(r => r.Text == text);

    /// <summary>Metadata to upload with a kit image: some of it from images.json, one value beyond ASCII.</summary>
    public static Dictionary<string, string> MetadataFor(KitImage image) => new()
    {
        ["make"] = "Kit",
        ["format"] = image.Format,
        ["size"] = $"{image.Width}x{image.Height}",
        ["colour"] = $"Gris métallisé {image.File.Length} 車",
    };

    private static T Load<T>(string fileName) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(ReferenceKit.PathOf(fileName)))
        ?? throw new InvalidOperationException($"{fileName} is empty.");
}
