namespace CarSearch.Core.Embeddings.Tokenization;

/// <summary>
/// CLIP's text tokenizer: text to the token ids the text tower takes, with the start and end tokens, truncated to
/// the context length. Thread-safe; one instance serves every request.
/// </summary>
/// <remarks>
/// Follows the reference kit's convention (Hugging Face <c>CLIPTokenizerFast</c>'s normaliser with Python's full
/// lowercase, CLIP's pre-tokeniser regex, byte-level BPE with <c>&lt;/w&gt;</c>).
/// </remarks>
public sealed class ClipTokenizer
{
    private readonly ClipBpe _bpe;

    private ClipTokenizer(ClipVocabulary vocabulary)
    {
        _bpe = new ClipBpe(vocabulary);
        VocabularySize = vocabulary.TokenIds.Count;
    }

    /// <summary>Number of token ids (49408 for CLIP).</summary>
    public int VocabularySize { get; }

    /// <summary>
    /// Loads a tokenizer from Hugging Face's <c>vocab.json</c> and <c>merges.txt</c>. Throws
    /// <see cref="FileNotFoundException"/> for a missing file and <see cref="InvalidDataException"/> saying which file
    /// and line is wrong for a malformed one.
    /// </summary>
    public static ClipTokenizer FromFiles(string vocabJsonPath, string mergesTxtPath) =>
        new(ClipVocabulary.Load(vocabJsonPath, mergesTxtPath));

    /// <summary>
    /// The ids of <paramref name="text"/>: <see cref="ClipConstants.StartOfTextToken"/>, the text's tokens,
    /// <see cref="ClipConstants.EndOfTextToken"/>; unpadded, and at most <see cref="ClipConstants.ContextLength"/>
    /// long (a longer text keeps its first tokens and still ends with the end token).
    /// </summary>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var normalized = ClipTextNormalizer.Normalize(text);
        var ids = new List<int>(ClipConstants.ContextLength + 8) { ClipConstants.StartOfTextToken };
        foreach (var piece in ClipPreTokenizer.Split(normalized))
        {
            if (piece.SpecialTokenId is { } specialTokenId)
            {
                ids.Add(specialTokenId);
            }
            else
            {
                _bpe.Encode(normalized.AsSpan(piece.Start, piece.Length), ids);
            }

            // Whatever follows would be cut off anyway.
            if (ids.Count >= ClipConstants.ContextLength)
            {
                break;
            }
        }

        if (ids.Count >= ClipConstants.ContextLength)
        {
            ids.RemoveRange(ClipConstants.ContextLength - 1, ids.Count - (ClipConstants.ContextLength - 1));
        }

        ids.Add(ClipConstants.EndOfTextToken);
        return ids.ToArray();
    }
}
