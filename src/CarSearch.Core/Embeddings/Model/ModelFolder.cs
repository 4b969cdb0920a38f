namespace CarSearch.Core.Embeddings.Model;

/// <summary>A CLIP model on disk: the two ONNX towers and the tokenizer's vocabulary and merges, in one folder.</summary>
/// <remarks>
/// Resolution order: an explicit folder (<c>--model DIR</c>, <c>CarSearch:Model:Directory</c>), else the
/// <c>CARSEARCH_MODEL_DIR</c> environment variable, else the default <c>models/clip-vit-b-32</c>. An explicit or
/// environment folder is used as given (no fallback: a typo must not silently load another model). The default is
/// looked for relative to the current directory first (the CLI run from the repository root), then relative to the
/// app's base directory and each of its parents up to the folder holding <c>CarSearchFunctions.sln</c> (a deployed
/// Functions app ships the folder beside its assemblies; tests and <c>dotnet run</c> start deep under bin/). The
/// first complete candidate wins.
/// </remarks>
public sealed record ModelFolder(string Directory)
{
    public const string EnvironmentVariable = "CARSEARCH_MODEL_DIR";

    public const string DefaultRelativeDirectory = "models/clip-vit-b-32";

    public const string DownloadCommand = "models/download.sh";

    public const string ImageModelFileName = "image.onnx";

    public const string TextModelFileName = "text.onnx";

    public const string VocabFileName = "vocab.json";

    public const string MergesFileName = "merges.txt";

    /// <summary>Marks the repository root, where walking up from the base directory stops.</summary>
    public const string SolutionFileName = "CarSearchFunctions.sln";

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

    /// <summary>Finds the model folder (explicit, then <c>CARSEARCH_MODEL_DIR</c>, then the default).</summary>
    /// <exception cref="ModelNotFoundException">No complete folder was found.</exception>
    public static ModelFolder Resolve(string? explicitDirectory) =>
        Resolve(explicitDirectory, Environment.GetEnvironmentVariable, Environment.CurrentDirectory, AppContext.BaseDirectory);

    /// <summary>Resolution with the environment and the starting directories passed in, so tests need not mutate the process.</summary>
    internal static ModelFolder Resolve(
        string? explicitDirectory, Func<string, string?> environment, string currentDirectory, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return RequireComplete(Path.GetFullPath(explicitDirectory, currentDirectory));
        }

        var fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return RequireComplete(Path.GetFullPath(fromEnvironment, currentDirectory));
        }

        var candidates = DefaultCandidates(currentDirectory, baseDirectory).Select(dir => new ModelFolder(dir)).ToList();
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

        throw new ModelNotFoundException(closest!.Directory, closestMissing!, [.. candidates.Select(c => c.Directory)]);
    }

    private static ModelFolder RequireComplete(string directory)
    {
        var folder = new ModelFolder(directory);
        var missing = folder.MissingFiles();
        return missing.Count == 0 ? folder : throw new ModelNotFoundException(directory, missing);
    }

    private static IEnumerable<string> DefaultCandidates(string currentDirectory, string baseDirectory)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fromCurrent = Path.GetFullPath(DefaultRelativeDirectory, currentDirectory);
        if (seen.Add(fromCurrent))
        {
            yield return fromCurrent;
        }

        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.GetFullPath(DefaultRelativeDirectory, dir.FullName);
            if (seen.Add(candidate))
            {
                yield return candidate;
            }

            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                yield break;
            }
        }
    }
}
