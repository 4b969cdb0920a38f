using CarSearch.Core.Embeddings.Model;

namespace CarSearch.Cli.Up;

/// <summary>
/// The repository checkout <c>carsearch up</c> runs from: where package.json pins Azurite, models/download.sh fetches
/// the model, and the local run keeps its state (<c>.azurite/</c>, <c>.carsearch/</c>, both git-ignored).
/// </summary>
internal sealed record Checkout(string Root)
{
    /// <summary>The file that marks a checkout's root.</summary>
    public const string SolutionFileName = "CarSearchFunctions.sln";

    /// <summary>The script that downloads the model into <see cref="ModelDirectory"/>, relative to the root.</summary>
    public const string ModelDownloadCommand = "models/download.sh";

    /// <summary>Azurite's data, beside the checkout so that running <c>up</c> again finds the same images.</summary>
    public string AzuriteData => Path.Combine(Root, ".azurite");

    /// <summary>The index of what <c>up</c>'s Azurite holds; kept with that data rather than in the user's profile.</summary>
    public string Index => Path.Combine(Root, ".carsearch", "index");

    public string PackageLock => Path.Combine(Root, "package-lock.json");

    public string NodeModules => Path.Combine(Root, "node_modules");

    public string ModelDownloadScript => Path.GetFullPath(ModelDownloadCommand, Root);

    /// <summary>Where <see cref="ModelDownloadScript"/> puts the model, and so where commands look for it last.</summary>
    public string ModelDirectory => Path.GetFullPath(ModelFolder.DefaultRelativeDirectory, Root);

    /// <summary>
    /// The checkout holding the working folder (<c>dotnet run</c> from the repository), else the one the program was
    /// built in; null when neither is inside one.
    /// </summary>
    public static Checkout? Find(string currentDirectory, string baseDirectory) =>
        FindFrom(currentDirectory) ?? FindFrom(baseDirectory);

    private static Checkout? FindFrom(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return new Checkout(dir.FullName);
            }
        }

        return null;
    }
}
