namespace CarSearch.Tests;

/// <summary>
/// Finds the CLIP reference kit (tiny random-weight CLIP, test images, goldens). Tests never skip when it is
/// missing: they fail with a message saying how to point at it, so a green run always means the parity checks ran.
/// </summary>
public static class ReferenceKit
{
    public const string EnvironmentVariable = "CARSEARCH_REFERENCE_KIT";

    private static readonly Lazy<string> Root = new(Locate);

    public static string Directory => Root.Value;

    public static string ModelDirectory => Path.Combine(Directory, "model");

    public static string ImagesDirectory => Path.Combine(Directory, "images");

    public static string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Verify(Path.GetFullPath(configured), $"{EnvironmentVariable}={configured}");
        }

        // Beside the checkout, as on the development machines and in CI: <parent>/shared/clip-reference.
        if (RepositoryRoot.TryGetDirectory() is { } root)
        {
            var beside = Path.GetFullPath(Path.Combine(root, "..", "shared", "clip-reference"));
            return Verify(beside, $"the default location {beside}");
        }

        throw new InvalidOperationException(
            $"The CLIP reference kit was not found: set {EnvironmentVariable} to the clip-reference folder.");
    }

    private static string Verify(string path, string source)
    {
        if (!File.Exists(Path.Combine(path, "tokens.json")) || !File.Exists(Path.Combine(path, "model", "image.onnx")))
        {
            throw new InvalidOperationException(
                $"The CLIP reference kit is missing at {source} (expected tokens.json and model/image.onnx). " +
                $"Set {EnvironmentVariable} to the clip-reference folder; tests that need it fail rather than skip.");
        }

        return path;
    }
}
