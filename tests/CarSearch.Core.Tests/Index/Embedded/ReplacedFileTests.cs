using CarSearch.Core.Index.Embedded;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>A file held across the rename that replaces it, then freed: the file now at its path is untouched.</summary>
public sealed class ReplacedFileTests : IDisposable
{
    private readonly IndexDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void FreeingTheHeldFileLeavesTheFileThatReplacedIt()
    {
        var path = Path.Combine(_directory.Path, "replaced");
        var replacement = Path.Combine(_directory.Path, "replacement");
        var old = new byte[(int)(2.5 * ReplacedFile.SliceBytes)];
        File.WriteAllBytes(path, old);
        File.WriteAllBytes(replacement, [1, 2, 3]);

        using (var held = ReplacedFile.Hold(path))
        {
            File.Move(replacement, path, overwrite: true);
            held.Free();
        }

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["replaced"], Directory.GetFiles(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void HoldingAFileThatIsNotThereHoldsNothing()
    {
        using var held = ReplacedFile.Hold(Path.Combine(_directory.Path, "missing"));
        held.Free();
        Assert.Empty(Directory.GetFiles(_directory.Path));
    }
}
