using System.Text.Json;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests;

public class EmbedCommandTests
{
    [Fact]
    public void PrintsOneObjectPerInputInCommandLineOrderMatchingTheReferenceEmbeddings()
    {
        var texts = KitGoldens.Tokens.Select(t => t.Text).Take(2).ToArray();
        var images = KitGoldens.ImageFiles.Take(2).ToArray();

        var result = CliRunner.Run(
            "embed", "--model", ReferenceKit.ModelDirectory,
            "--image", Path.Combine(ReferenceKit.ImagesDirectory, images[0]),
            "--text", texts[0],
            $"--image={Path.Combine(ReferenceKit.ImagesDirectory, images[1])}",
            "--text", texts[1]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["image", "text", "image", "text"], lines.Select(l => l.GetProperty("kind").GetString()));
        Assert.Equal(Path.Combine(ReferenceKit.ImagesDirectory, images[0]), lines[0].GetProperty("input").GetString());
        Assert.Equal(texts[0], lines[1].GetProperty("input").GetString());

        Assert.True(KitGoldens.Cosine(Embedding(lines[0]), KitGoldens.ImageEmbedding(images[0])) >= 0.9995);
        Assert.True(KitGoldens.Cosine(Embedding(lines[1]), KitGoldens.TextEmbedding(texts[0])) >= 0.99999);
        Assert.True(KitGoldens.Cosine(Embedding(lines[2]), KitGoldens.ImageEmbedding(images[1])) >= 0.9995);
        Assert.True(KitGoldens.Cosine(Embedding(lines[3]), KitGoldens.TextEmbedding(texts[1])) >= 0.99999);
    }

    [Fact]
    public void EmbeddingsHaveTheModelDimensionAndUnitLength()
    {
        var text = KitGoldens.Tokens[0].Text;

        var result = CliRunner.Run("embed", "--model", ReferenceKit.ModelDirectory, "--text", text);

        Assert.Equal(0, result.ExitCode);
        var embedding = Embedding(JsonDocument.Parse(result.StdoutLines.Single()).RootElement);
        Assert.Equal(KitGoldens.TextEmbedding(text).Length, embedding.Length);
        Assert.Equal(1.0, Math.Sqrt(embedding.Sum(v => (double)v * v)), 5);
    }

    [Fact]
    public void KeepsNonAsciiInputsIntactInTheJson()
    {
        const string text = "crème brûlée 東京の車 🚗";

        var result = CliRunner.Run("embed", "--model", ReferenceKit.ModelDirectory, "--text", text);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(text, JsonDocument.Parse(result.StdoutLines.Single()).RootElement.GetProperty("input").GetString());
    }

    private static float[] Embedding(JsonElement line) =>
        [.. line.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())];
}
