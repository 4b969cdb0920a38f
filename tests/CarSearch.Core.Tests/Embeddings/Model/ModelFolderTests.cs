using System.Security.Cryptography;
using System.Text;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Tests;

namespace CarSearch.Core.Tests.Embeddings.Model;

public sealed class ModelFolderTests : IDisposable
{
    private const string Default = ModelFolder.DefaultRelativeDirectory;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AnExplicitFolderWinsOverTheEnvironmentAndTheDefault()
    {
        var explicitDir = _temp.CompleteModelFolder("explicit");
        var fromEnv = _temp.CompleteModelFolder("env");
        _temp.CompleteModelFolder(Default);

        var folder = Resolve(explicitDir, fromEnv);

        Assert.Equal(explicitDir, folder.Directory);
    }

    [Fact]
    public void TheEnvironmentVariableWinsOverTheDefault()
    {
        var fromEnv = _temp.CompleteModelFolder("env");
        _temp.CompleteModelFolder(Default);

        var folder = Resolve(null, fromEnv);

        Assert.Equal(fromEnv, folder.Directory);
    }

    [Fact]
    public void ARelativeExplicitFolderIsTakenFromTheCurrentDirectory()
    {
        var explicitDir = _temp.CompleteModelFolder("my-model");

        var folder = Resolve("my-model", null);

        Assert.Equal(explicitDir, folder.Directory);
    }

    [Fact]
    public void WithoutExplicitOrEnvironmentTheDefaultUnderTheCurrentDirectoryIsUsed()
    {
        var defaultDir = _temp.CompleteModelFolder(Default);

        var folder = Resolve(null, "  ");

        Assert.Equal(defaultDir, folder.Directory);
    }

    [Fact]
    public void TheDefaultIsAlsoFoundBesideTheAppsAssemblies()
    {
        var baseDirectory = Directory.CreateDirectory(_temp.Combine("package")).FullName;
        var defaultDir = _temp.CompleteModelFolder(Path.Combine("package", Default));
        var elsewhere = Directory.CreateDirectory(_temp.Combine("elsewhere")).FullName;

        var folder = ModelFolder.Resolve(null, ModelSearch.Beside(elsewhere, baseDirectory), _ => null, elsewhere);

        Assert.Equal(defaultDir, folder.Directory);
    }

    [Fact]
    public void AHostsDefaultDirectoriesAreTriedInOrderAndNothingElse()
    {
        _temp.CompleteModelFolder(Default); // under the current directory, but not one of the host's places
        var second = _temp.CompleteModelFolder("second");
        var third = _temp.CompleteModelFolder("third");
        var search = new ModelSearch([_temp.Combine("first"), second, third]);

        var folder = ModelFolder.Resolve(null, search, _ => null, _temp.Path);

        Assert.Equal(second, folder.Directory);
    }

    [Fact]
    public void AHostsRemedyIsWhatTheMessageAdvises()
    {
        var search = new ModelSearch([_temp.Combine("nowhere")], "Run get-the-model.sh, or ask the team.");

        var error = Assert.Throws<ModelNotFoundException>(() => ModelFolder.Resolve(null, search, _ => null, _temp.Path));

        Assert.Contains("is missing image.onnx, text.onnx, vocab.json, merges.txt. Run get-the-model.sh, or ask the team.", error.Message);
        Assert.DoesNotContain(ModelSearch.DefaultRemedy, error.Message);
    }

    [Fact]
    public void AnIncompleteExplicitFolderIsAnErrorEvenWhenTheDefaultIsComplete()
    {
        var explicitDir = _temp.ModelFolder("partial", ModelFolder.VocabFileName);
        _temp.CompleteModelFolder(Default);

        var error = Assert.Throws<ModelNotFoundException>(() => Resolve(explicitDir, null));

        Assert.Equal(explicitDir, error.Directory);
    }

    public static TheoryData<string[]> PresentFileSets =>
    [
        [],
        [ModelFolder.VocabFileName, ModelFolder.MergesFileName],
        [ModelFolder.ImageModelFileName, ModelFolder.VocabFileName, ModelFolder.MergesFileName],
        [ModelFolder.ImageModelFileName, ModelFolder.TextModelFileName, ModelFolder.VocabFileName],
    ];

    [Theory]
    [MemberData(nameof(PresentFileSets))]
    public void EveryMissingFileIsNamedWithWhereToPointTheApp(string[] present)
    {
        var dir = _temp.ModelFolder("partial", present);
        var expectedMissing = ModelFolder.RequiredFiles.Except(present).ToList();

        var error = Assert.Throws<ModelNotFoundException>(() => Resolve(dir, null));

        Assert.Equal(expectedMissing, error.MissingFiles);
        Assert.All(expectedMissing, file => Assert.Contains(file, error.Message));
        Assert.Contains(dir, error.Message);
        Assert.Contains($"Point CarSearch:Model:Directory or {ModelFolder.EnvironmentVariable} at a folder", error.Message);
    }

    [Fact]
    public void AnEmptyFileCountsAsMissing()
    {
        var dir = _temp.CompleteModelFolder("truncated");
        File.WriteAllBytes(Path.Combine(dir, ModelFolder.TextModelFileName), []);

        var error = Assert.Throws<ModelNotFoundException>(() => Resolve(dir, null));

        Assert.Equal([ModelFolder.TextModelFileName], error.MissingFiles);
    }

    [Fact]
    public void WhenNoDefaultCandidateIsCompleteTheMostNearlyCompleteOneIsReported()
    {
        var nearly = _temp.ModelFolder(Default, ModelFolder.ImageModelFileName, ModelFolder.VocabFileName, ModelFolder.MergesFileName);

        var error = Assert.Throws<ModelNotFoundException>(() => Resolve(null, null));

        Assert.Equal(nearly, error.Directory);
        Assert.Equal([ModelFolder.TextModelFileName], error.MissingFiles);
        Assert.Contains(nearly, error.SearchedDirectories);
    }

    [Fact]
    public void FilePathsAreTheRequiredFilesInTheFolder()
    {
        var folder = new ModelFolder(_temp.Path);

        Assert.Equal(
            ModelFolder.RequiredFiles.Select(name => Path.Combine(_temp.Path, name)),
            [folder.ImageModelPath, folder.TextModelPath, folder.VocabPath, folder.MergesPath]);
    }

    [Fact]
    public void TheModelIdIsTheFolderNameAndAHashOfBothTowers()
    {
        var folder = new ModelFolder(_temp.CompleteModelFolder("clip-vit-b-32"));

        var expected = HashOfDigests(folder.ImageModelPath, folder.TextModelPath);

        Assert.Equal($"clip-vit-b-32@{expected}", folder.ModelId);
    }

    [Fact]
    public void TheModelIdChangesWhenATowerChangesAndNotWhenTheVocabularyDoes()
    {
        var folder = new ModelFolder(_temp.CompleteModelFolder("model"));
        var before = folder.ModelId;

        File.AppendAllText(folder.VocabPath, "more");
        var afterVocab = folder.ModelId;
        File.AppendAllText(folder.TextModelPath, "retrained");
        var afterText = folder.ModelId;

        Assert.Equal(before, afterVocab);
        Assert.NotEqual(before, afterText);
    }

    [Fact]
    public void TheSameTowersInFoldersOfTheSameNameHaveTheSameModelId()
    {
        var first = new ModelFolder(_temp.CompleteModelFolder(Path.Combine("a", "clip")));
        var second = new ModelFolder(_temp.ModelFolder(Path.Combine("b", "clip")));
        foreach (var file in ModelFolder.RequiredFiles)
        {
            File.Copy(Path.Combine(first.Directory, file), Path.Combine(second.Directory, file));
        }

        Assert.Equal(first.ModelId, second.ModelId);
    }

    [Fact]
    public void TheReferenceKitModelFolderResolves()
    {
        var folder = Resolve(ReferenceKit.ModelDirectory, null);

        Assert.Matches("^model@[0-9a-f]{12}$", folder.ModelId);
    }

    /// <summary>Resolves with the scratch folder as current directory and a fake app below it.</summary>
    private ModelFolder Resolve(string? explicitDirectory, string? environmentValue) =>
        ModelFolder.Resolve(
            explicitDirectory,
            ModelSearch.Beside(_temp.Path, Directory.CreateDirectory(_temp.Combine("app")).FullName),
            name => name == ModelFolder.EnvironmentVariable ? environmentValue : null,
            _temp.Path);

    private static string HashOfDigests(string imagePath, string textPath)
    {
        byte[] digests = [.. SHA256.HashData(File.ReadAllBytes(imagePath)), .. SHA256.HashData(File.ReadAllBytes(textPath))];
        return Convert.ToHexStringLower(SHA256.HashData(digests))[..12];
    }
}
