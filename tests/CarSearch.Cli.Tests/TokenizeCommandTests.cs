using System.Text.Json;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests;

public class TokenizeCommandTests
{
    [Fact]
    public void PrintsTheReferenceIdsOfEveryKitTextOneLinePerTextInOrder()
    {
        var texts = KitGoldens.Tokens.Select(t => t.Text).ToArray();

        var result = CliRunner.Run(["tokenize", "--model", ReferenceKit.ModelDirectory, "--", .. texts]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var lines = result.Stdout.Split('\n')[..^1];
        Assert.Equal(texts.Length, lines.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(KitGoldens.Tokens[i].Ids, JsonSerializer.Deserialize<int[]>(lines[i]));
        }
    }

    [Fact]
    public void TakesTextsAfterTheSeparatorVerbatimEvenWhenTheyLookLikeOptions()
    {
        var (text, ids) = KitGoldens.Tokens[1];

        var result = CliRunner.Run("tokenize", "--model", ReferenceKit.ModelDirectory, text, "--", "-5 degrees", "--model", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(4, result.StdoutLines.Length);
        Assert.Equal(ids, JsonSerializer.Deserialize<int[]>(result.StdoutLines[0]));
        var minusFive = JsonSerializer.Deserialize<int[]>(result.StdoutLines[1])!;
        Assert.Equal(49406, minusFive[0]);
        Assert.Equal(49407, minusFive[^1]);
        Assert.True(minusFive.Length > 4, "'-5 degrees' must be tokenized as text, not read as an option");
        Assert.NotEqual(result.StdoutLines[2], result.StdoutLines[3]);
    }

    [Fact]
    public void UsesTheModelFolderFromTheEnvironmentVariableWhenNoOptionIsGiven()
    {
        var (text, ids) = KitGoldens.Tokens[0];

        var result = RunWithModelEnvironment(ReferenceKit.ModelDirectory, "tokenize", text);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ids, JsonSerializer.Deserialize<int[]>(result.StdoutLines.Single()));
    }

    private static CliResult RunWithModelEnvironment(string modelDirectory, params string[] args) =>
        CliProcess.Run(new Dictionary<string, string?> { ["CARSEARCH_MODEL_DIR"] = modelDirectory }, args);
}
