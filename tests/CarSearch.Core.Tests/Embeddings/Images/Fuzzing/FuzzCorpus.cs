using CarSearch.Tests;

namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>The files the fuzzer mutates: whatever the reference kit's images folder holds, then the Pillow goldens.</summary>
/// <remarks>
/// The kit is enumerated, not listed, so a kit with other pictures is fuzzed the same way. The goldens add the formats
/// and variants the kit lacks (BMP, TIFF, 16-bit PNG, CMYK JPEG, animated GIF) and are tiny, so they are cheap cases.
/// </remarks>
public static class FuzzCorpus
{
    private static readonly Lazy<IReadOnlyList<FuzzInput>> Inputs = new(Load);

    public static IReadOnlyList<FuzzInput> All => Inputs.Value;

    /// <summary>The kit image named <paramref name="file"/> (for a regression test that replays a recipe on it).</summary>
    public static FuzzInput KitImage(string file) => All.Single(input => input.Name == KitName(file));

    private static List<FuzzInput> Load()
    {
        var kit = Directory.EnumerateFiles(ReferenceKit.ImagesDirectory)
            .Order(StringComparer.Ordinal)
            .Select(path => new FuzzInput(KitName(Path.GetFileName(path)), File.ReadAllBytes(path)));
        var goldens = PillowGoldens.All
            .Select(golden => new FuzzInput("goldens/" + golden.File, golden.ReadInput()));
        var inputs = kit.Concat(goldens).ToList();
        if (!inputs.Any(input => input.Name.StartsWith("kit/", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"The reference kit's images folder {ReferenceKit.ImagesDirectory} is empty.");
        }

        return inputs;
    }

    private static string KitName(string file) => "kit/" + file;
}
