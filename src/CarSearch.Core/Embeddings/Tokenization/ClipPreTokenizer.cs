using System.Text;

namespace CarSearch.Core.Embeddings.Tokenization;

/// <summary>One piece of normalised text: a range to run through BPE, or a literal special token.</summary>
/// <param name="Start">Offset of the piece in the normalised text, in UTF-16 units.</param>
/// <param name="Length">Length of the piece in UTF-16 units.</param>
/// <param name="SpecialTokenId">The id of a literal <c>&lt;|startoftext|&gt;</c> / <c>&lt;|endoftext|&gt;</c>, else null (BPE).</param>
internal readonly record struct TextPiece(int Start, int Length, int? SpecialTokenId);

/// <summary>
/// CLIP's pre-tokeniser: splits normalised text as the reference regex
/// <c>&lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c>
/// (case-insensitive) finds its matches, left to right; white space between matches is dropped.
/// </summary>
/// <remarks>
/// A hand-written scanner over code points rather than a .NET Regex: .NET Regex classifies UTF-16 units, so a
/// letter outside the BMP (U+1D400) would be two surrogates of category Cs, split from its neighbours, and its
/// <c>\s</c> is not Unicode White_Space. The scanner tries the alternatives in the regex's order at each position
/// and, like the regex, never looks for a special token or contraction inside a run of symbols.
/// </remarks>
internal static class ClipPreTokenizer
{
    /// <summary>The literal start token as it appears in text and in vocab.json.</summary>
    public const string StartOfText = "<|startoftext|>";

    /// <summary>The literal end token as it appears in text and in vocab.json.</summary>
    public const string EndOfText = "<|endoftext|>";

    // The reference regex is compiled with IGNORECASE. After lowercasing, the one case-fold partner of the
    // pattern's letters that can still occur is U+017F (long s), which the regex module matches against 's'.
    private const char LongS = '\u017F';

    // COMBINING GREEK YPOGEGRAMMENI case-folds to a letter (U+03B9), so under IGNORECASE the reference's regex
    // matches it with neither [\p{L}] nor [^\s\p{L}\p{N}]: it separates pieces like white space and yields no
    // token. Measured over every code point, it is the only character IGNORECASE moves between the classes.
    private const int YpogegrammeniSeparator = 0x0345;

    private static readonly string[] Contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];

    /// <summary>The pieces of <paramref name="normalized"/>, in order.</summary>
    public static PieceEnumerator Split(string normalized) => new(normalized);

    /// <summary>Allocation-free enumerator of the pieces (used with <c>foreach</c>).</summary>
    public struct PieceEnumerator(string text)
    {
        private int _position;

        public TextPiece Current { get; private set; }

        public readonly PieceEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_position < text.Length)
            {
                var start = _position;
                var length = MatchAt(text, start, out var specialTokenId);
                if (length == 0)
                {
                    // A separator: no alternative matches here, so the regex moves on one code point.
                    _position += char.IsSurrogatePair(text, start) ? 2 : 1;
                    continue;
                }

                _position = start + length;
                Current = new TextPiece(start, length, specialTokenId);
                return true;
            }

            return false;
        }
    }

    /// <summary>Length of the match at <paramref name="start"/> (0 when none), trying the alternatives in order.</summary>
    private static int MatchAt(string text, int start, out int? specialTokenId)
    {
        specialTokenId = null;

        // The case-insensitive match makes the piece; only the exact literal is the special token (the reference
        // compares the piece with it), so "<|ſtartoftext|>" is one piece that goes through BPE.
        if (StartsWithIgnoreCase(text, start, StartOfText))
        {
            specialTokenId = IsExactly(text, start, StartOfText) ? ClipConstants.StartOfTextToken : null;
            return StartOfText.Length;
        }

        if (StartsWithIgnoreCase(text, start, EndOfText))
        {
            specialTokenId = IsExactly(text, start, EndOfText) ? ClipConstants.EndOfTextToken : null;
            return EndOfText.Length;
        }

        foreach (var contraction in Contractions)
        {
            if (StartsWithIgnoreCase(text, start, contraction))
            {
                return contraction.Length;
            }
        }

        var first = Rune.GetRuneAt(text, start);
        return Classify(first) switch
        {
            RuneClass.Letter => RunLength(text, start, RuneClass.Letter),
            RuneClass.Number => first.Utf16SequenceLength,
            RuneClass.Symbol => RunLength(text, start, RuneClass.Symbol),
            _ => 0,
        };
    }

    private enum RuneClass
    {
        Separator,
        Letter,
        Number,
        Symbol,
    }

    private static RuneClass Classify(Rune rune)
    {
        if (UnicodeClasses.IsLetter(rune))
        {
            return RuneClass.Letter;
        }

        if (UnicodeClasses.IsNumber(rune))
        {
            return RuneClass.Number;
        }

        return UnicodeClasses.IsWhiteSpace(rune.Value) || rune.Value == YpogegrammeniSeparator
            ? RuneClass.Separator
            : RuneClass.Symbol;
    }

    /// <summary>Length of the run of code points of class <paramref name="runClass"/> that starts at <paramref name="start"/>.</summary>
    private static int RunLength(string text, int start, RuneClass runClass)
    {
        var end = start;
        while (end < text.Length)
        {
            var rune = Rune.GetRuneAt(text, end);
            if (Classify(rune) != runClass)
            {
                break;
            }

            end += rune.Utf16SequenceLength;
        }

        return end - start;
    }

    private static bool IsExactly(string text, int start, string literal) =>
        text.AsSpan(start, literal.Length).SequenceEqual(literal);

    /// <summary>Whether <paramref name="literal"/> (lowercase ASCII) occurs at <paramref name="start"/>, as the reference's case-insensitive regex sees it.</summary>
    private static bool StartsWithIgnoreCase(string text, int start, string literal)
    {
        if (text.Length - start < literal.Length)
        {
            return false;
        }

        for (var i = 0; i < literal.Length; i++)
        {
            var c = text[start + i];
            var expected = literal[i];
            var matches = c == expected
                || (char.IsAsciiLetterLower(expected) && (c == char.ToUpperInvariant(expected) || (expected == 's' && c == LongS)));
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }
}
