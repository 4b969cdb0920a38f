namespace CarSearch.Tests;

/// <summary>The checkout the tests were built from (the folder holding CarSearchFunctions.sln).</summary>
public static class RepositoryRoot
{
    public const string SolutionFileName = "CarSearchFunctions.sln";

    private static readonly Lazy<string?> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        return null;
    });

    /// <summary>The root folder; throws when the tests run outside a checkout.</summary>
    public static string Directory => Root.Value ??
        throw new InvalidOperationException($"No {SolutionFileName} above {AppContext.BaseDirectory}: run the tests from a checkout.");

    /// <summary>The root folder, or null outside a checkout.</summary>
    public static string? TryGetDirectory() => Root.Value;
}
