using CarSearch.Tests;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Tokenization;

namespace CarSearch.Core.Tests.Embeddings.Tokenization;

/// <summary>
/// Strings beyond the kit's: the Unicode edges of the convention. Expected ids are goldens produced by the reference
/// implementation, <c>BpeTokenizer.tokenize</c> of <c>/work/shared/tools/clip-random/clip_ref.py</c> (Python 3.11,
/// regex 2022.10.31) on the kit's vocab.json/merges.txt, pasted here.
/// </summary>
public sealed class ClipTokenizerEdgeCaseTests
{
    public static TheoryData<string, int[], string> ReferenceGoldens() => new()
    {
        { "\u0130STANBUL", [49406, 328, 16384, 11231, 49407], "dotted capital I lowercases to i + U+0307" },
        { "\u03A3\u0391\u03A3 \u03A3\u0391\u03A3.", [49406, 139, 225, 138, 109, 139, 480, 139, 225, 138, 109, 139, 480, 269, 49407], "final sigma at word ends, medial sigma inside" },
        { "\u039F\u0394\u039F\u03A3'", [49406, 138, 123, 138, 112, 138, 123, 139, 480, 262, 49407], "final sigma before a case-ignorable apostrophe" },
        { "\u03A3", [49406, 139, 481, 49407], "lone capital sigma stays medial" },
        { "\u0391\u03A3\u0391", [49406, 138, 109, 139, 225, 138, 365, 49407], "sigma between letters stays medial" },
        { "red\u00A0\u00A0car\u3000tesla", [49406, 736, 1615, 12254, 49407], "no-break space and ideographic space collapse" },
        { "red\u2028car\u2029blue\u0085sky", [49406, 736, 1615, 1746, 2390, 49407], "line and paragraph separators and NEL are white space" },
        { "red\u200Bcar", [49406, 736, 9844, 1615, 49407], "zero-width space is not white space" },
        { "red\u001Ccar\u001Fx", [49406, 736, 472, 1615, 475, 343, 49407], "information separators U+001C..U+001F are not white space" },
        { "cafe\u0301", [49406, 15304, 49407], "decomposed accent is composed" },
        { "x\U0001D400y", [49406, 87, 15889, 222, 344, 49407], "astral letter is one letter" },
        { "\U00010400\U00010401", [49406, 172, 238, 238, 101, 172, 238, 238, 358, 49407], "astral capitals lowercase" },
        { "2018 camry 3.5", [49406, 273, 271, 272, 279, 46472, 274, 269, 276, 49407], "digits split one by one" },
        { "hello \U0001F44B\U0001F3FD", [49406, 3306, 19351, 6114, 49407], "emoji with skin tone modifier" },
        { "\U0001F468\u200D\U0001F469\u200D\U0001F467 car", [49406, 25023, 26304, 964, 356, 1615, 49407], "emoji ZWJ family" },
        { "red<|endoftext|>car<|startoftext|>", [49406, 736, 49407, 1615, 49406, 49407], "special token literals inside text" },
        { "<|ENDOFTEXT|>", [49406, 49407, 49407], "special token literal is lowercased first" },
        { "!<|endoftext|>", [49406, 0, 27, 347, 40786, 4160, 91, 285, 49407], "special token not recognised inside a symbol run" },
        { "it's THEY'LL we've", [49406, 585, 568, 889, 1342, 649, 1200, 49407], "contractions" },
        { "it'\u017F", [49406, 585, 6, 129, 379, 49407], "long s matches the 's contraction case-insensitively" },
        { "<|\u017Ftartoftext|>", [49406, 27, 91, 129, 123, 2002, 6659, 18169, 91, 285, 49407], "long s special token is one BPE piece" },
        { "n\u0345n", [49406, 333, 333, 49407], "ypogegrammeni separates pieces" },
        { "e\u0301\uFFFEe\u0301", [49406, 4166, 27850, 378, 4166, 49407], "U+FFFE is kept and NFC works around it" },
        { "\u216B \u24B6", [49406, 158, 227, 375, 27400, 494, 49407], "roman numeral and circled letter lowercase" },
        { "a\uA7CBb", [49406, 320, 166, 253, 489, 321, 49407], "Unicode 16 letter is a symbol for the reference" },
    };

    [Theory]
    [MemberData(nameof(ReferenceGoldens))]
    public void EncodeMatchesTheReferenceOnUnicodeEdges(string text, int[] expected, string why)
    {
        Assert.True(expected.SequenceEqual(KitTokenizer.Instance.Encode(text)), why);
    }

    public static TheoryData<int[], int[]> UnpairedSurrogates() => new()
    {
        // The reference cannot encode unpaired surrogates (Python raises); the tokenizer treats each as U+FFFD,
        // so the goldens are the reference's ids for the same text with U+FFFD in their place. Code units, since
        // test-case serialisation cannot carry an unpaired surrogate in a string.
        { [.. "red ", 0xD800, .. " car"], [49406, 736, 39802, 1615, 49407] },
        { [0xDC00], [49406, 39802, 49407] },
        { [0xDC00, 0xD800], [49406, 47356, 39802, 49407] },
        { ['a', 0xD83D], [49406, 320, 39802, 49407] },
        { [0xDE97, 0xD83D, 0xDE97], [49406, 47356, 22783, 49407] },
    };

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public void EncodeTreatsAnUnpairedSurrogateAsTheReplacementCharacter(int[] codeUnits, int[] expected)
    {
        var text = new string(codeUnits.Select(unit => (char)unit).ToArray());

        Assert.Equal(expected, KitTokenizer.Instance.Encode(text));
    }

    [Fact]
    public void EncodeTruncatesALongTextToTheContextLengthKeepingTheEndTokenLast()
    {
        var text = string.Join(' ', Enumerable.Repeat("a red sports car", 30));

        var ids = KitTokenizer.Instance.Encode(text);

        // Reference golden: "a red sports car" is [320, 736, 2054, 1615]; the first 76 ids are kept, then 49407.
        int[] expected =
        [
            49406, 320, 736, 2054, 1615, 320, 736, 2054, 1615, 320, 736, 2054, 1615, 320, 736, 2054, 1615, 320, 736,
            2054, 1615, 320, 736, 2054, 1615, 320, 736, 2054, 1615, 320, 736, 2054, 1615, 320, 736, 2054, 1615, 320,
            736, 2054, 1615, 320, 736, 2054, 1615, 320, 736, 2054, 1615, 320, 736, 2054, 1615, 320, 736, 2054, 1615,
            320, 736, 2054, 1615, 320, 736, 2054, 1615, 320, 736, 2054, 1615, 320, 736, 2054, 1615, 320, 736, 2054,
            49407,
        ];
        Assert.Equal(expected, ids);
        Assert.Equal(ClipConstants.ContextLength, ids.Count);
    }

    [Theory]
    [InlineData(75)]
    [InlineData(76)]
    [InlineData(200)]
    public void EncodeNeverExceedsTheContextLengthAndAlwaysEndsWithTheEndToken(int words)
    {
        // "car" is one token, so the text has exactly `words` tokens between the start and end tokens.
        var ids = KitTokenizer.Instance.Encode(string.Join(' ', Enumerable.Repeat("car", words)));

        Assert.Equal(Math.Min(words + 2, ClipConstants.ContextLength), ids.Count);
        Assert.Equal(ClipConstants.StartOfTextToken, ids[0]);
        Assert.Equal(ClipConstants.EndOfTextToken, ids[^1]);
        Assert.All(ids.Skip(1).SkipLast(1), id => Assert.Equal(1615, id));
    }

    [Fact]
    public void EncodeRejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => KitTokenizer.Instance.Encode(null!));
    }
}
