namespace CarSearch.Cli.Tests;

public class HelpTests
{
    [Fact]
    public void TopLevelHelpListsEveryCommand()
    {
        var result = CliRunner.Run("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "tokenize", "embed", "serve", "up" })
        {
            Assert.Contains(command, result.Stdout);
        }
    }

    [Theory]
    [InlineData("tokenize", "--model")]
    [InlineData("embed", "--text", "--image", "--model")]
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
