namespace CarSearch.Core.Tests.Embeddings.Model;

/// <summary>A scratch folder tree, deleted with the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"carsearch-{Guid.NewGuid():N}");

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates an empty file (and its parent folders).</summary>
    public void CreateFile(params string[] parts)
    {
        File.WriteAllBytes(Combine(parts).WithParent(), []);
    }

    /// <summary>Creates <paramref name="relative"/> holding the named model files, each with some content.</summary>
    public string ModelFolder(string relative, params string[] files)
    {
        var directory = Combine(relative);
        System.IO.Directory.CreateDirectory(directory);
        foreach (var file in files)
        {
            File.WriteAllText(System.IO.Path.Combine(directory, file), $"{file} in {relative}");
        }

        return directory;
    }

    /// <summary>Creates a folder holding all four required files.</summary>
    public string CompleteModelFolder(string relative) => ModelFolder(relative, [.. CarSearch.Core.Embeddings.Model.ModelFolder.RequiredFiles]);

    public void Dispose() => System.IO.Directory.Delete(Path, recursive: true);
}
