using Microsoft.ML.Tokenizers;

namespace CarSearch.Core.Embeddings.Tokenization;

/// <summary>
/// Byte-level BPE of one pre-tokenised piece: its UTF-8 bytes spelled through <see cref="ByteToUnicode"/>,
/// <c>&lt;/w&gt;</c> on the last symbol, merges applied lowest rank first.
/// </summary>
/// <remarks>
/// Delegates to Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> (byte-level, end-of-word suffix) with its own
/// normaliser and pre-tokeniser switched off, because CLIP's are not among the library's. Checked to give the
/// reference's ids on all 136,306 distinct pieces of a corpus built from every vocabulary entry, 60,000 random
/// concatenations of entries and 30,000 random multi-script strings. The library keeps a thread-safe word cache
/// bounded at 10,000 entries (words up to 15 byte symbols), which serves the query hot path.
/// </remarks>
internal sealed class ClipBpe
{
    private readonly BpeTokenizer _tokenizer;

    public ClipBpe(ClipVocabulary vocabulary)
    {
        _tokenizer = BpeTokenizer.Create(new BpeOptions(vocabulary.TokenIds)
        {
            Merges = vocabulary.Merges,
            ByteLevel = true,
            EndOfWordSuffix = ClipVocabulary.EndOfWordSuffix,
        });
    }

    /// <summary>Appends the ids of <paramref name="piece"/> to <paramref name="ids"/>.</summary>
    public void Encode(ReadOnlySpan<char> piece, List<int> ids) =>
        ids.AddRange(_tokenizer.EncodeToIds(piece, considerPreTokenization: false, considerNormalization: false));
}
