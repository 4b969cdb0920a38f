using System.Security.Cryptography;
using CarSearch.Core.Embeddings.Model;

namespace CarSearch.Core.Tests.Embeddings.Model;

/// <summary>
/// The towers' digests kept beside them, so a restart names the model without reading 600 MB again. Each test calls
/// <see cref="ModelFingerprint.Compute"/>, which a new process runs, not the in-process cache in front of it.
/// </summary>
public sealed class FileDigestCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ModelFolder _folder;

    public FileDigestCacheTests() => _folder = new ModelFolder(_temp.CompleteModelFolder("clip"));

    /// <summary>The user's cache file, in the scratch folder.</summary>
    private string CacheFile => _temp.Combine("user", "model-sha256.tsv");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TheFirstNamingRemembersEachTowersTrueDigest()
    {
        ModelFingerprint.Compute(_folder.ImageModelPath, _folder.TextModelPath, CacheFile);

        var lines = File.ReadAllLines(CacheFile);
        Assert.Equal(2, lines.Length);
        foreach (var path in new[] { _folder.ImageModelPath, _folder.TextModelPath })
        {
            var file = new FileInfo(path);
            var expected = string.Join('\t', file.FullName, file.Length, file.LastWriteTimeUtc.Ticks, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
            Assert.Contains(expected, lines);
        }
    }

    [Fact]
    public void ARestartTakesTheDigestsFromTheCacheWhileTheTowersAreUnchanged()
    {
        var first = ModelFingerprint.Compute(_folder.ImageModelPath, _folder.TextModelPath, CacheFile);

        // What the cache says is what a restart believes: a digest that is not the file's shows that it was not re-read.
        var claimed = new string('a', 64);
        File.WriteAllLines(CacheFile, File.ReadAllLines(CacheFile).Select(line => line[..(line.LastIndexOf('\t') + 1)] + claimed));
        var restarted = ModelFingerprint.Compute(_folder.ImageModelPath, _folder.TextModelPath, CacheFile);

        Assert.NotEqual(first, restarted);
        Assert.Equal(CombinedId(Convert.FromHexString(claimed), Convert.FromHexString(claimed)), restarted);
    }

    [Fact]
    public void AReplacedTowerIsHashedAgainAndItsNewDigestRemembered()
    {
        var before = ModelFingerprint.Compute(_folder.ImageModelPath, _folder.TextModelPath, CacheFile);

        File.AppendAllText(_folder.TextModelPath, "retrained");
        var after = ModelFingerprint.Compute(_folder.ImageModelPath, _folder.TextModelPath, CacheFile);

        Assert.NotEqual(before, after);
        Assert.Equal(CombinedId(FileHash(_folder.ImageModelPath), FileHash(_folder.TextModelPath)), after);
        Assert.Contains(File.ReadAllLines(CacheFile), line => line.EndsWith(Convert.ToHexStringLower(FileHash(_folder.TextModelPath)), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not a cache")]
    [InlineData("image.onnx\t12\tnot-ticks\tabc")]
    [InlineData("")]
    public void ACacheFileThatDoesNotParseIsIgnored(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
        File.WriteAllText(CacheFile, content);

        var id = ModelFingerprint.Compute(_folder.ImageModelPath, _folder.TextModelPath, CacheFile);

        Assert.Equal(CombinedId(FileHash(_folder.ImageModelPath), FileHash(_folder.TextModelPath)), id);
    }

    [Fact]
    public void WithoutAUserFolderTheTowersAreHashedEveryTime()
    {
        var id = ModelFingerprint.Compute(_folder.ImageModelPath, _folder.TextModelPath, digestCache: null);

        Assert.Equal(CombinedId(FileHash(_folder.ImageModelPath), FileHash(_folder.TextModelPath)), id);
        Assert.DoesNotContain(Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories), file => file.EndsWith(".tsv", StringComparison.Ordinal));
    }

    [Fact]
    public void EntriesOfModelsThatAreGoneAreDroppedWhenTheCacheIsWritten()
    {
        var other = new ModelFolder(_temp.CompleteModelFolder("other"));
        ModelFingerprint.Compute(other.ImageModelPath, other.TextModelPath, CacheFile);
        Directory.Delete(other.Directory, recursive: true);

        ModelFingerprint.Compute(_folder.ImageModelPath, _folder.TextModelPath, CacheFile);

        var paths = File.ReadAllLines(CacheFile).Select(line => line[..line.IndexOf('\t', StringComparison.Ordinal)]);
        Assert.Equal([_folder.ImageModelPath, _folder.TextModelPath], paths.Order());
    }

    [Fact]
    public void TheModelFolderIsNeverWritten()
    {
        var before = Directory.GetFiles(_folder.Directory).Order().ToArray();

        ModelFingerprint.Compute(_folder.ImageModelPath, _folder.TextModelPath, CacheFile);

        Assert.Equal(before, Directory.GetFiles(_folder.Directory).Order().ToArray());
    }

    private static byte[] FileHash(string path) => SHA256.HashData(File.ReadAllBytes(path));

    private static string CombinedId(byte[] image, byte[] text) =>
        Convert.ToHexStringLower(SHA256.HashData([.. image, .. text]))[..ModelFingerprint.HexLength];
}
