using CarSearch.Core.Embeddings.Tokenization;

namespace CarSearch.Core.Tests.Embeddings.Tokenization;

/// <summary>
/// The normaliser alone. Expected outputs are what the reference's <c>clean_text</c> (Python 3.11: NFC,
/// <c>\s+</c> to one space, <c>str.lower()</c>) returns for the same input.
/// </summary>
public sealed class ClipTextNormalizerTests
{
    public static TheoryData<string, string> PythonSemantics() => new()
    {
        { "\u0130", "i\u0307" },
        { "\u0130STANBUL", "i\u0307stanbul" },
        { "\u03A3\u0391\u03A3 \u03A3\u0391\u03A3.", "\u03C3\u03B1\u03C2 \u03C3\u03B1\u03C2." },
        { "\u03A3", "\u03C3" },
        { "\u0391\u03A3\u0391", "\u03B1\u03C3\u03B1" },
        { "\u0391\u03A3'\u0391", "\u03B1\u03C3'\u03B1" },
        { "\u0391\u03A3\u0345", "\u03B1\u03C2\u0345" },
        { "\u0391\u0345\u03A3", "\u1FB3\u03C2" },
        { "a\u00A0\u3000b", "a b" },
        { "  red \t\n car  ", " red car " },
        { "a\u200Bb", "a\u200Bb" },
        { "a\u001Cb", "a\u001Cb" },
        { "cafe\u0301", "caf\u00E9" },
        { "\u1100\u1161\u11A8", "\uAC01" },
        { "\U00010400", "\U00010428" },
        { "\u216B\u24B6", "\u217B\u24D0" },
        { "\u1E9E\u00DF", "\u00DF\u00DF" },
        { "\u01C5", "\u01C6" },
        { "\u2126\u212A\u212B", "\u03C9k\u00E5" },
        { "\uFFFEA\u030A", "\uFFFE\u00E5" },
    };

    [Theory]
    [MemberData(nameof(PythonSemantics))]
    public void NormalizeMatchesTheReferenceCleanText(string input, string expected)
    {
        Assert.Equal(expected, ClipTextNormalizer.Normalize(input));
    }

    [Fact]
    public void NormalizeReturnsPlainLowercaseAsciiUnchanged()
    {
        const string text = "a photo of a red car";

        Assert.Same(text, ClipTextNormalizer.Normalize(text));
    }

    // Code units, not string literals: attribute strings (and test-case serialisation) cannot carry an unpaired
    // surrogate intact.
    [Theory]
    [InlineData(new[] { 0xD800 }, "\uFFFD")]
    [InlineData(new[] { 'a', 0xDC00, 'b' }, "a\uFFFDb")]
    [InlineData(new[] { 0xDC00, 0xD800 }, "\uFFFD\uFFFD")]
    [InlineData(new[] { 'a', 0xD83D }, "a\uFFFD")]
    [InlineData(new[] { 0xD83D, 0xDE97 }, "\U0001F697")]
    public void UnpairedSurrogatesBecomeReplacementCharactersAndPairsStay(int[] codeUnits, string expected)
    {
        var input = new string(codeUnits.Select(unit => (char)unit).ToArray());

        Assert.Equal(expected, ClipTextNormalizer.ReplaceUnpairedSurrogates(input));
    }
}
