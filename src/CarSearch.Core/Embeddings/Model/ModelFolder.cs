namespace CarSearch.Core.Embeddings.Model;

/// <summary>A CLIP model on disk: the two ONNX towers and the tokenizer's vocabulary and merges, in one folder.</summary>
/// <remarks>
/// Resolution order: an explicit folder (<c>--model DIR</c>, <c>CarSearch:Model:Directory</c>), else the
/// <c>CARSEARCH_MODEL_DIR</c> environment variable, else the first complete folder of the host's
/// <see cref="ModelSearch"/> (by default <c>models/clip-vit-b-32</c> under the current directory, then beside the
/// app's assemblies, where a deployment package carries it). An explicit or environment folder is used as given (no
/// fallback: a typo must not silently load another model). Where a checkout is, and how to download a model into it,
/// is the hosts' knowledge: they pass it in their <see cref="ModelSearch"/>.
/// </remarks>
public sealed record ModelFolder(string Directory)
{
    public const string EnvironmentVariable = "CARSEARCH_MODEL_DIR";

    public const string DefaultRelativeDirectory = "models/clip-vit-b-32";

    public const string ImageModelFileName = "image.onnx";

    public const string TextModelFileName = "text.onnx";

    public const string VocabFileName = "vocab.json";

    public const string MergesFileName = "merges.txt";

    /// <summary>Every file a complete model folder holds.</summary>
    public static IReadOnlyList<string> RequiredFiles { get; } = [ImageModelFileName, TextModelFileName, VocabFileName, MergesFileName];

    public string ImageModelPath => Path.Combine(Directory, ImageModelFileName);

    public string TextModelPath => Path.Combine(Directory, TextModelFileName);

    public string VocabPath => Path.Combine(Directory, VocabFileName);

    public string MergesPath => Path.Combine(Directory, MergesFileName);

    /// <summary>
    /// Which model made a vector: <c>&lt;folder name&gt;@&lt;12 hex of SHA-256 over image.onnx and text.onnx&gt;</c>,
    /// e.g. <c>clip-vit-b-32@3f2a9c0d41be</c>. Hashes the files on first read (about 1.3 s for ViT-B/32).
    /// </summary>
    public string ModelId => $"{Name}@{ModelFingerprint.Of(ImageModelPath, TextModelPath)}";

    private string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory)));

    /// <summary>Required files this folder lacks (absent or empty), in <see cref="RequiredFiles"/> order.</summary>
    public IReadOnlyList<string> MissingFiles()
    {
        var missing = new List<string>();
        foreach (var name in RequiredFiles)
        {
            var file = new FileInfo(Path.Combine(Directory, name));

            // An empty file is what a failed copy or an interrupted download leaves; treat it as absent.
            if (!file.Exists || file.Length == 0)
            {
                missing.Add(name);
            }
        }

        return missing;
    }

    /// <summary>The folder path; the generated record ToString would read <see cref="ModelId"/> and hash the model.</summary>
    public override string ToString() => Directory;

    /// <summary>Finds the model folder: explicit, then <c>CARSEARCH_MODEL_DIR</c>, then <paramref name="search"/>'s defaults.</summary>
    /// <param name="search">Where this host looks and what it advises; null for <see cref="ModelSearch.ForThisProcess"/>.</param>
    /// <exception cref="ModelNotFoundException">No complete folder was found.</exception>
    public static ModelFolder Resolve(string? explicitDirectory, ModelSearch? search = null) =>
        Resolve(explicitDirectory, search ?? ModelSearch.ForThisProcess(), Environment.GetEnvironmentVariable, Environment.CurrentDirectory);

    /// <summary>Resolution with the environment and the current directory passed in, so tests need not mutate the process.</summary>
    internal static ModelFolder Resolve(
        string? explicitDirectory, ModelSearch search, Func<string, string?> environment, string currentDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return RequireComplete(Path.GetFullPath(explicitDirectory, currentDirectory), search.Remedy);
        }

        var fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return RequireComplete(Path.GetFullPath(fromEnvironment, currentDirectory), search.Remedy);
        }

        if (search.DefaultDirectories.Count == 0)
        {
            throw new ArgumentException("A model search needs at least one default directory.", nameof(search));
        }

        var candidates = search.DefaultDirectories.Select(dir => new ModelFolder(dir)).ToList();
        ModelFolder? closest = null;
        IReadOnlyList<string>? closestMissing = null;
        foreach (var candidate in candidates)
        {
            var missing = candidate.MissingFiles();
            if (missing.Count == 0)
            {
                return candidate;
            }

            // Report the most nearly complete folder: that is the one the user was most likely filling.
            if (closestMissing is null || missing.Count < closestMissing.Count)
            {
                (closest, closestMissing) = (candidate, missing);
            }
        }

        throw new ModelNotFoundException(closest!.Directory, closestMissing!, [.. candidates.Select(c => c.Directory)], search.Remedy);
    }

    private static ModelFolder RequireComplete(string directory, string? remedy)
    {
        var folder = new ModelFolder(directory);
        var missing = folder.MissingFiles();
        return missing.Count == 0 ? folder : throw new ModelNotFoundException(directory, missing, remedy: remedy);
    }
}
