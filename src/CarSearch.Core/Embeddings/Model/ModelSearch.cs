namespace CarSearch.Core.Embeddings.Model;

/// <summary>
/// Where a host looks for the model when none is named (<see cref="DefaultDirectories"/>, in order), and what it tells
/// its user to do when none is complete (<see cref="Remedy"/>). The host knows where it runs from (a checkout, a
/// deployment package) and which options and scripts its users have; Core only applies the search.
/// </summary>
/// <param name="DefaultDirectories">Candidate model folders, most likely first; the first complete one wins.</param>
/// <param name="Remedy">One or two sentences on how to get a model; null for <see cref="DefaultRemedy"/>.</param>
public sealed record ModelSearch(IReadOnlyList<string> DefaultDirectories, string? Remedy = null)
{
    /// <summary>What any host's user can do: name a folder in the configuration or the environment.</summary>
    public static string DefaultRemedy { get; } =
        $"Point {ModelOptions.SectionName}:{nameof(ModelOptions.Directory)} or {ModelFolder.EnvironmentVariable} at a folder holding " +
        $"{string.Join(", ", ModelFolder.RequiredFiles)}.";

    /// <summary>
    /// <c>models/clip-vit-b-32</c> under <paramref name="currentDirectory"/> (a host started from the folder that
    /// holds the models) and under <paramref name="baseDirectory"/> (a package that carries the model beside its
    /// assemblies), with <see cref="DefaultRemedy"/>.
    /// </summary>
    public static ModelSearch Beside(string currentDirectory, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(currentDirectory);
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        string[] candidates =
        [
            Path.GetFullPath(ModelFolder.DefaultRelativeDirectory, currentDirectory),
            Path.GetFullPath(ModelFolder.DefaultRelativeDirectory, baseDirectory),
        ];
        return new ModelSearch([.. candidates.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary><see cref="Beside"/> this process's working folder and base directory.</summary>
    public static ModelSearch ForThisProcess() => Beside(Environment.CurrentDirectory, AppContext.BaseDirectory);
}
