using CarSearch.Tests;

namespace CarSearch.Cli.Tests;

public sealed class ErrorHandlingTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("carsearch-cli-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void AMissingImageFileIsABadInputWithOneLineNamingItAndNothingOnStdout()
    {
        var missing = Path.Combine(_scratch, "no-such-car.jpg");

        var result = CliRunner.Run("embed", "--model", ReferenceKit.ModelDirectory, "--text", "red car", "--image", missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains(missing, Assert.Single(result.StderrLines));
    }

    [Fact]
    public void AFileThatIsNotAnImageIsABadInputNamingTheProblem()
    {
        var notAnImage = Path.Combine(_scratch, "notes.jpg");
        File.WriteAllText(notAnImage, "these are my notes about cars, not a picture");

        var result = CliRunner.Run("embed", "--model", ReferenceKit.ModelDirectory, "--image", notAnImage);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("format", Assert.Single(result.StderrLines), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AnEmptyImageFileIsABadInput()
    {
        var empty = Path.Combine(_scratch, "empty.png");
        File.WriteAllBytes(empty, []);

        var result = CliRunner.Run("embed", "--model", ReferenceKit.ModelDirectory, "--image", empty);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("empty", Assert.Single(result.StderrLines), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AnIncompleteModelFolderNamesTheMissingFileAndTheDownloadCommand()
    {
        foreach (var file in new[] { "image.onnx", "vocab.json", "merges.txt" })
        {
            File.Copy(Path.Combine(ReferenceKit.ModelDirectory, file), Path.Combine(_scratch, file));
        }

        var result = CliRunner.Run("tokenize", "--model", _scratch, "red car");

        Assert.Equal(1, result.ExitCode);
        var message = Assert.Single(result.StderrLines);
        Assert.Contains("text.onnx", message);
        Assert.Contains("models/download.sh", message);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("tokenize")]
    [InlineData("tokenize", "--no-such-option", "red car")]
    [InlineData("embed")]
    [InlineData("embed", "--text")]
    [InlineData("embed", "--text", "red car", "--", "blue car")]
    public void AUsageErrorExitsWithTwoAndSaysWhatIsWrongOnStderr(params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("carsearch: ", Assert.Single(result.StderrLines));
    }

    [Fact]
    public void TheRealProgramReportsABadInputWithExitCodeOne()
    {
        var result = CliProcess.Run(new Dictionary<string, string?>(), "embed", "--model", _scratch, "--text", "red car");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("image.onnx", result.Stderr);
    }
}
