namespace CarSearch.Cli.Tests.Serve;

/// <summary>What <c>carsearch serve</c> says before it starts anything: its options, usage errors, a missing model.</summary>
public sealed class ServeUsageTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("carsearch-serve-usage-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Theory]
    [InlineData("serve", "--model", "--port", "--storage", "--container", "--index")]
    [InlineData("up", "--model", "--port", "--storage", "--container", "--index", "--azurite-port", "--azurite-location")]
    public void HelpListsEveryOption(string command, params string[] options)
    {
        var result = CliRunner.Run(command, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in options)
        {
            Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("serve", "--port", "seventy")]
    [InlineData("serve", "--port", "70000")]
    [InlineData("serve", "--port", "-1")]
    [InlineData("serve", "--no-such-option")]
    [InlineData("serve", "unexpected")]
    [InlineData("serve", "--container")]
    [InlineData("serve", "--container", "Not_A_Container")]
    [InlineData("up", "--azurite-port", "0")]
    [InlineData("up", "--azurite-port", "65534")]
    public void AUsageErrorExitsWithTwoAndOneLine(params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("carsearch: ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("up")]
    public void AnIncompleteModelFolderIsABadInputNamingTheMissingFile(string command)
    {
        var result = CliRunner.Run(command, "--model", _scratch, "--port", "0");

        Assert.Equal(1, result.ExitCode);
        var message = Assert.Single(result.StderrLines);
        Assert.Contains("image.onnx", message, StringComparison.Ordinal);
        Assert.Contains("CARSEARCH_MODEL_DIR", message, StringComparison.Ordinal);
    }
}
