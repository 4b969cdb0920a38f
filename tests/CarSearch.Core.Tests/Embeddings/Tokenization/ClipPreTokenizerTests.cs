using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Tokenization;

namespace CarSearch.Core.Tests.Embeddings.Tokenization;

/// <summary>
/// The pre-tokeniser alone, on normalised text. Expected pieces are the reference regex's <c>findall</c>
/// (Python <c>regex</c> module, IGNORECASE, as in clip_ref.py) on the same text.
/// </summary>
public sealed class ClipPreTokenizerTests
{
    public static TheoryData<string, string[]> ReferencePieces() => new()
    {
        { "a photo of a cat", ["a", "photo", "of", "a", "cat"] },
        { "red tesla!!!", ["red", "tesla", "!!!"] },
        { "don't", ["don", "'t"] },
        { "it'\u017F", ["it", "'\u017F"] },
        { "x\U0001D400y", ["x\U0001D400y"] },
        { "2018", ["2", "0", "1", "8"] },
        { "a1b", ["a", "1", "b"] },
        { "n\u0345n", ["n", "n"] },
        { "email@example.com", ["email", "@", "example", ".", "com"] },
        { "!<|endoftext|>", ["!<|", "endoftext", "|>"] },
        { "<|endoftext|>x", ["<|endoftext|>", "x"] },
        { "''s", ["''", "s"] },
        { "\U0001F44B\U0001F3FD hi", ["\U0001F44B\U0001F3FD", "hi"] },
        { " lead and trail ", ["lead", "and", "trail"] },
        { "<|\u017Ftartoftext|>", ["<|\u017Ftartoftext|>"] },
    };

    [Theory]
    [MemberData(nameof(ReferencePieces))]
    public void SplitFindsThePiecesTheReferenceRegexFinds(string normalized, string[] expected)
    {
        var pieces = new List<string>();
        foreach (var piece in ClipPreTokenizer.Split(normalized))
        {
            pieces.Add(normalized.Substring(piece.Start, piece.Length));
        }

        Assert.Equal(expected, pieces);
    }

    [Theory]
    [InlineData("<|startoftext|>", ClipConstants.StartOfTextToken)]
    [InlineData("<|endoftext|>", ClipConstants.EndOfTextToken)]
    public void SplitMarksExactSpecialTokenLiterals(string text, int id)
    {
        var enumerator = ClipPreTokenizer.Split(text);

        Assert.True(enumerator.MoveNext());
        Assert.Equal(new TextPiece(0, text.Length, id), enumerator.Current);
        Assert.False(enumerator.MoveNext());
    }

    [Fact]
    public void SplitDoesNotMarkACaseFoldedSpecialTokenLiteral()
    {
        var enumerator = ClipPreTokenizer.Split("<|\u017Ftartoftext|>");

        Assert.True(enumerator.MoveNext());
        Assert.Null(enumerator.Current.SpecialTokenId);
    }
}
