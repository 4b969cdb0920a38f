namespace CarSearch.Core.Embeddings.Model;

/// <summary>
/// The model folder is missing or incomplete; the message names the missing files and what to do, in the words of
/// the host's <see cref="ModelSearch.Remedy"/> (or <see cref="ModelSearch.DefaultRemedy"/>).
/// </summary>
public sealed class ModelNotFoundException : Exception
{
    public ModelNotFoundException(
        string directory, IReadOnlyList<string> missingFiles, IReadOnlyList<string>? searchedDirectories = null, string? remedy = null)
        : base(Describe(directory, missingFiles, searchedDirectories, remedy))
    {
        Directory = directory;
        MissingFiles = missingFiles;
        SearchedDirectories = searchedDirectories ?? [directory];
    }

    /// <summary>The folder whose files are reported missing (of those searched, the one closest to complete).</summary>
    public string Directory { get; }

    /// <summary>File names (not paths) the folder lacks, in <see cref="ModelFolder.RequiredFiles"/> order.</summary>
    public IReadOnlyList<string> MissingFiles { get; }

    public IReadOnlyList<string> SearchedDirectories { get; }

    private static string Describe(string directory, IReadOnlyList<string> missingFiles, IReadOnlyList<string>? searched, string? remedy)
    {
        var message =
            $"CLIP model not found: '{directory}' is missing {string.Join(", ", missingFiles)}. {remedy ?? ModelSearch.DefaultRemedy}";
        return searched is { Count: > 1 } ? $"{message} Searched: {string.Join(", ", searched)}." : message;
    }
}
