using System.Text.Json;
using CarSearch.Core.Embeddings.Tokenization;
using CarSearch.Tests;

namespace CarSearch.Core.Tests.Embeddings.Tokenization;

/// <summary>The reference kit's tokenizer files and its tokens.json goldens, loaded once per test run.</summary>
internal static class KitTokenizer
{
    private static readonly Lazy<ClipTokenizer> Shared = new(Load);

    private static readonly Lazy<List<TokensEntry>> Entries = new(ReadTokensJson);

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static string VocabPath => Path.Combine(ReferenceKit.ModelDirectory, "vocab.json");

    public static string MergesPath => Path.Combine(ReferenceKit.ModelDirectory, "merges.txt");

    /// <summary>One tokenizer shared by the tests, as the app shares one.</summary>
    public static ClipTokenizer Instance => Shared.Value;

    /// <summary>Every entry of tokens.json: a text and the reference's ids for it.</summary>
    public static IReadOnlyList<TokensEntry> TokensJson => Entries.Value;

    public static ClipTokenizer Load() => ClipTokenizer.FromFiles(VocabPath, MergesPath);

    private static List<TokensEntry> ReadTokensJson()
    {
        using var stream = File.OpenRead(ReferenceKit.PathOf("tokens.json"));
        return JsonSerializer.Deserialize<List<TokensEntry>>(stream, WebJson)
            ?? throw new InvalidDataException("tokens.json is empty");
    }
}

/// <summary>One tokens.json entry.</summary>
internal sealed record TokensEntry(string Text, int[] Ids);
