namespace CarSearch.Cli.Tests;

public class HelpTests
{
    [Fact]
    public void TopLevelHelpListsEveryCommand()
    {
        var result = CliRunner.Run("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "tokenize", "embed", "index", "search", "serve", "up" })
        {
            Assert.Contains(command, result.Stdout);
        }
    }

    [Theory]
    [InlineData("tokenize", "--model")]
    [InlineData("embed", "--text", "--image", "--model")]
    [InlineData("index", "PATH", "--storage", "--container", "--metadata")]
    [InlineData("search", "--text", "--image", "--top", "--url", "--json", "--make", "--filter", "--code")]
    public void CommandHelpDescribesEveryOption(string command, params string[] options)
    {
        var result = CliRunner.Run(command, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in options)
        {
            Assert.Contains(option, result.Stdout);
        }
    }
}
