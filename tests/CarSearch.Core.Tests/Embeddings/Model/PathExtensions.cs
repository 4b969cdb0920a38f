namespace CarSearch.Core.Tests.Embeddings.Model;

/// <summary>One-line test setup for nested files.</summary>
internal static class PathExtensions
{
    /// <summary>Creates the file's parent folders and returns the path.</summary>
    public static string WithParent(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
