using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Infrastructure;

/// <summary>A temporary folder the tests fill with kit images and other files, deleted on dispose.</summary>
internal sealed class KitImageTree : IDisposable
{
    public KitImageTree()
    {
        Root = Directory.CreateTempSubdirectory("carsearch-index-").FullName;
    }

    public string Root { get; }

    /// <summary>Every kit image, by file name, driven by the kit's images.json.</summary>
    public static IReadOnlyList<string> KitFiles { get; } = [.. ReferenceGoldens.Images.Select(image => image.File)];

    public static string KitPath(string file) => ReferenceKit.PathOf("images", file);

    /// <summary>Copies the kit image <paramref name="kitFile"/> to <paramref name="relativePath"/> (forward slashes).</summary>
    public string AddKitImage(string kitFile, string relativePath)
    {
        var path = PathOf(relativePath);
        File.Copy(KitPath(kitFile), path, overwrite: true);
        return path;
    }

    public string AddFile(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        File.WriteAllText(path, text);
        return path;
    }

    public string PathOf(string relativePath)
    {
        var path = Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
