using System.Text.Json;
using CarSearch.Core.Embeddings.Tokenization;

namespace CarSearch.Core.Tests.Embeddings.Tokenization;

/// <summary>Loading vocab.json/merges.txt fails loudly, naming the file and the problem, instead of mis-tokenizing.</summary>
public sealed class ClipVocabularyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("carsearch-vocab-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AMissingFileIsReportedWithItsPath()
    {
        var missing = Path.Combine(_directory, "vocab.json");

        var error = Assert.Throws<FileNotFoundException>(() => ClipTokenizer.FromFiles(missing, KitTokenizer.MergesPath));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVocabThatIsNotJsonIsReported()
    {
        var vocab = Write("vocab.json", "{ \"a\": 0, ");

        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromFiles(vocab, KitTokenizer.MergesPath));

        Assert.Contains(vocab, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVocabWithoutTheEndTokenIsReported()
    {
        var vocab = WriteKitVocabRenaming("<|endoftext|>", "<|somethingelse|>");

        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromFiles(vocab, KitTokenizer.MergesPath));

        Assert.Contains("<|endoftext|>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVocabMissingAByteSymbolIsReported()
    {
        // "Ā" (U+0100) stands for byte 0x00.
        var vocab = WriteKitVocabRenaming("\u0100", "not a byte");

        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromFiles(vocab, KitTokenizer.MergesPath));

        Assert.Contains("U+0100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVocabWithDuplicateIdsIsReported()
    {
        var tokens = KitVocab();
        tokens["a</w>"] = tokens["b</w>"];
        var vocab = Write("vocab.json", JsonSerializer.Serialize(tokens));

        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromFiles(vocab, KitTokenizer.MergesPath));

        Assert.Contains("unique", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedMergesLineIsReportedWithItsNumber()
    {
        var lines = File.ReadAllLines(KitTokenizer.MergesPath);
        lines[2] = "three parts here";
        var merges = Write("merges.txt", string.Join('\n', lines));

        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromFiles(KitTokenizer.VocabPath, merges));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains(merges, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MergesThatDoNotBelongToTheVocabAreReported()
    {
        var merges = Write("merges.txt", "#version: 0.2\nq u\nqu zzzzzz\n");

        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromFiles(KitTokenizer.VocabPath, merges));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("zzzzzz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MergesWithoutRulesAreReported()
    {
        var merges = Write("merges.txt", "#version: 0.2\n");

        var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromFiles(KitTokenizer.VocabPath, merges));

        Assert.Contains("no merge rules", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, int> KitVocab() =>
        JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(KitTokenizer.VocabPath))!;

    /// <summary>The kit's vocab.json with one token renamed, so the ids stay dense and only that token is missing.</summary>
    private string WriteKitVocabRenaming(string token, string newName)
    {
        var tokens = KitVocab();
        tokens.Remove(token, out var id);
        tokens[newName] = id;
        return Write("vocab.json", JsonSerializer.Serialize(tokens));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
