using System.Diagnostics;
using System.Security.Cryptography;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Tests;

namespace CarSearch.Core.Tests.Embeddings.Model;

/// <summary>
/// models/download.sh run for real with bash and curl, against a file:// mirror laid out like the Hugging Face
/// repository or an unreachable address (no network needed).
/// </summary>
public sealed class DownloadScriptTests : IDisposable
{
    /// <summary>The script under test, relative to the checkout.</summary>
    private const string DownloadCommand = "models/download.sh";

    private const string BaseUrlVariable = "CARSEARCH_MODEL_BASE_URL";

    /// <summary>Closed port on the loopback: curl fails at once with "connection refused".</summary>
    private const string UnreachableUrl = "http://127.0.0.1:1";

    /// <summary>Guards against a hung process only; nothing here is timed.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(2);

    private static readonly string[] MirrorFiles =
    [
        "onnx/vision_model.onnx", "onnx/text_model.onnx", "onnx/vision_model_quantized.onnx", "onnx/text_model_quantized.onnx",
        "vocab.json", "merges.txt",
    ];

    private readonly TempDirectory _temp = new();

    public DownloadScriptTests()
    {
        foreach (var file in MirrorFiles)
        {
            File.WriteAllText(_temp.Combine("mirror", file).WithParent(), $"mirror copy of {file}");
        }
    }

    private string MirrorUrl => new Uri(_temp.Combine("mirror") + "/").AbsoluteUri;

    private string Target => _temp.Combine("model");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ItFetchesTheFourFilesUnderTheirModelFolderNamesAndPrintsTheirHashes()
    {
        var run = Run(MirrorUrl, Target);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Empty(new ModelFolder(Target).MissingFiles());
        AssertCopied("onnx/vision_model.onnx", ModelFolder.ImageModelFileName);
        AssertCopied("onnx/text_model.onnx", ModelFolder.TextModelFileName);
        AssertCopied("vocab.json", ModelFolder.VocabFileName);
        AssertCopied("merges.txt", ModelFolder.MergesFileName);
        foreach (var file in ModelFolder.RequiredFiles)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Target, file))));
            Assert.Contains($"{hash}  {file}", run.Output);
        }

        Assert.Empty(Directory.GetFiles(Target, "*.part"));
    }

    [Fact]
    public void QuantizedTakesTheQuantizedTowers()
    {
        var run = Run(MirrorUrl, "--quantized", Target);

        Assert.True(run.ExitCode == 0, run.Output);
        AssertCopied("onnx/vision_model_quantized.onnx", ModelFolder.ImageModelFileName);
        AssertCopied("onnx/text_model_quantized.onnx", ModelFolder.TextModelFileName);
    }

    [Fact]
    public void FilesAlreadyCompleteAreKept()
    {
        File.WriteAllText(_temp.Combine("model", ModelFolder.ImageModelFileName).WithParent(), "already here");

        var run = Run(MirrorUrl, Target);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("already here", File.ReadAllText(Path.Combine(Target, ModelFolder.ImageModelFileName)));
        AssertCopied("onnx/text_model.onnx", ModelFolder.TextModelFileName);
    }

    [Fact]
    public void AnUnreachableSourceFailsClearlyAndLeavesNoFileUnderItsFinalName()
    {
        var run = Run(UnreachableUrl, Target);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"failed to download {UnreachableUrl}/onnx/vision_model.onnx", run.Output);
        Assert.Equal(ModelFolder.RequiredFiles, new ModelFolder(Target).MissingFiles());
        Assert.Empty(Directory.GetFiles(Target, "*.part"));
    }

    [Fact]
    public void AFileMissingFromTheSourceStopsTheDownloadWithoutAPartialFile()
    {
        File.Delete(_temp.Combine("mirror", "onnx", "text_model.onnx"));

        var run = Run(MirrorUrl, Target);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("onnx/text_model.onnx", run.Output);
        Assert.False(File.Exists(Path.Combine(Target, ModelFolder.TextModelFileName)));
        Assert.Empty(Directory.GetFiles(Target, "*.part"));
    }

    [Fact]
    public void AFolderHoldingOneVariantRefusesTheOther()
    {
        Assert.Equal(0, Run(MirrorUrl, Target).ExitCode);

        var run = Run(MirrorUrl, "--quantized", Target);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("holds the fp32 model", run.Output);
        AssertCopied("onnx/vision_model.onnx", ModelFolder.ImageModelFileName);
    }

    public static TheoryData<string[]> BadArguments => [["--bogus"], ["one", "two"]];

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArgumentsExitWithUsageErrorAndFetchNothing(string[] arguments)
    {
        var run = Run(UnreachableUrl, arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("fetching", run.Output);
    }

    [Fact]
    public void HelpDescribesTheUsage()
    {
        var run = Run(UnreachableUrl, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage: models/download.sh [--quantized] [DIR]", run.Output);
    }

    private void AssertCopied(string mirrorFile, string modelFile) =>
        Assert.Equal(File.ReadAllText(_temp.Combine("mirror", mirrorFile)), File.ReadAllText(Path.Combine(Target, modelFile)));

    private static (int ExitCode, string Output) Run(string baseUrl, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add(ScriptPath());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[BaseUrlVariable] = baseUrl;
        var run = ChildProcess.Run(start, Hang, "download.sh");
        return (run.ExitCode, run.Output + run.Errors);
    }

    private static string ScriptPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, DownloadCommand);
            if (File.Exists(Path.Combine(dir.FullName, "CarSearchFunctions.sln")) && File.Exists(script))
            {
                return script;
            }
        }

        throw new InvalidOperationException($"{DownloadCommand} not found above {AppContext.BaseDirectory}");
    }
}
