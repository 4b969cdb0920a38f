namespace CarSearch.Cli.Tests;

public class HelpTests
{
    [Fact]
    public void TopLevelHelpListsEveryCommandWithADescription()
    {
        var result = CliRunner.Run("--help");

        Assert.Equal(0, result.ExitCode);

        // The COMMANDS section starts each entry at a four-space indent, "    name    Description" (wrapped lines are
        // indented further): words elsewhere (the usage line says "carsearch", examples name commands) must not count.
        var listed = result.StdoutLines
            .SkipWhile(line => !line.StartsWith("COMMANDS:", StringComparison.Ordinal))
            .Skip(1)
            .Where(line => line.StartsWith("    ", StringComparison.Ordinal) && line[4] != ' ')
            .Select(line => line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1].Trim() : "");
        Assert.Equal(["embed", "index", "search", "serve", "tokenize", "up"], listed.Keys.Order(StringComparer.Ordinal));
        Assert.All(listed.Values, description => Assert.True(description.Length > 10, description));
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
