using System.Text.Json;

namespace CarSearch.Core.Embeddings.Tokenization;

/// <summary>
/// A CLIP BPE model as Hugging Face ships it, checked on load: <c>vocab.json</c> (token to id) and
/// <c>merges.txt</c> (merge rules, highest priority first).
/// </summary>
internal sealed class ClipVocabulary
{
    /// <summary>Marks the end of a word on its last symbol, as in every CLIP vocabulary entry that ends a word.</summary>
    public const string EndOfWordSuffix = "</w>";

    private const string MergesVersionPrefix = "#version";

    private ClipVocabulary(Dictionary<string, int> tokenIds, List<string> merges)
    {
        TokenIds = tokenIds;
        Merges = merges;
    }

    /// <summary>Token to id; the ids are exactly 0..Count-1.</summary>
    public IReadOnlyDictionary<string, int> TokenIds { get; }

    /// <summary>Merge rules as <c>"left right"</c>, rank 0 first.</summary>
    public IReadOnlyList<string> Merges { get; }

    /// <summary>Reads and checks both files; throws <see cref="InvalidDataException"/> saying what is wrong and where.</summary>
    public static ClipVocabulary Load(string vocabJsonPath, string mergesTxtPath)
    {
        var tokenIds = ReadTokenIds(vocabJsonPath);
        CheckTokenIds(tokenIds, vocabJsonPath);
        var merges = ReadMerges(mergesTxtPath, tokenIds);
        return new ClipVocabulary(tokenIds, merges);
    }

    private static Dictionary<string, int> ReadTokenIds(string path)
    {
        using var stream = OpenExisting(path, "vocab.json");
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, int>>(stream)
                ?? throw Invalid(path, "is JSON null, not an object of token to id");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"CLIP vocab.json '{path}' is not a JSON object of token to id: {ex.Message}", ex);
        }
    }

    private static void CheckTokenIds(Dictionary<string, int> tokenIds, string path)
    {
        if (tokenIds.Count == 0)
        {
            throw Invalid(path, "is empty");
        }

        // The model's embedding table is indexed by id, so the ids must be dense and unique.
        var seen = new bool[tokenIds.Count];
        foreach (var (token, id) in tokenIds)
        {
            if ((uint)id >= (uint)seen.Length || seen[id])
            {
                throw Invalid(path, $"maps '{token}' to {id}; ids must be unique and within 0..{seen.Length - 1}");
            }

            seen[id] = true;
        }

        RequireId(tokenIds, ClipPreTokenizer.StartOfText, ClipConstants.StartOfTextToken, path);
        RequireId(tokenIds, ClipPreTokenizer.EndOfText, ClipConstants.EndOfTextToken, path);

        // Without every byte symbol, in both forms, byte-level BPE would silently drop bytes it cannot spell.
        foreach (var symbol in ByteToUnicode.All)
        {
            foreach (var token in (ReadOnlySpan<string>)[symbol.ToString(), symbol + EndOfWordSuffix])
            {
                if (!tokenIds.ContainsKey(token))
                {
                    throw Invalid(path, $"lacks the byte-level symbol '{token}' (U+{(int)symbol:X4}); not a CLIP byte-level BPE vocabulary");
                }
            }
        }
    }

    private static void RequireId(Dictionary<string, int> tokenIds, string token, int expectedId, string path)
    {
        if (!tokenIds.TryGetValue(token, out var id) || id != expectedId)
        {
            throw Invalid(path, $"must map '{token}' to {expectedId} as CLIP does");
        }
    }

    private static List<string> ReadMerges(string path, Dictionary<string, int> tokenIds)
    {
        using var reader = new StreamReader(OpenExisting(path, "merges.txt"));
        var merges = new List<string>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith(MergesVersionPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || space == line.Length - 1 || line.IndexOf(' ', space + 1) >= 0)
            {
                throw Invalid(path, $"line {lineNumber} is not two symbols separated by one space: '{line}'");
            }

            var left = line[..space];
            var right = line[(space + 1)..];
            foreach (var token in (ReadOnlySpan<string>)[left, right, left + right])
            {
                if (!tokenIds.ContainsKey(token))
                {
                    throw Invalid(path, $"line {lineNumber} ('{line}') needs '{token}', which vocab.json lacks; the files do not belong together");
                }
            }

            merges.Add(line);
        }

        if (merges.Count == 0)
        {
            throw Invalid(path, "has no merge rules");
        }

        return merges;
    }

    private static FileStream OpenExisting(string path, string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CLIP {role} not found at '{path}'.", path);
        }

        return File.OpenRead(path);
    }

    private static InvalidDataException Invalid(string path, string problem) =>
        new($"CLIP tokenizer file '{path}' {problem}.");
}
