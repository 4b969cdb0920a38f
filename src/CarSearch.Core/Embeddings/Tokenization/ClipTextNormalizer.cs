using System.Text;

namespace CarSearch.Core.Embeddings.Tokenization;

/// <summary>
/// The text normaliser of Hugging Face's <c>CLIPTokenizerFast</c>, which the reference follows: Unicode NFC, every
/// white-space run to one space, full Unicode lowercase. No HTML unescaping, no ftfy, no trimming (the
/// pre-tokeniser never emits white space, so a leading or trailing space yields no token).
/// </summary>
internal static class ClipTextNormalizer
{
    private const char ReplacementCharacter = '\uFFFD';

    // .NET's ICU-backed Normalize throws on this noncharacter; it is inert under NFC (a starter that never
    // composes or decomposes), so the text is normalised piecewise around it.
    private const char NoncharacterRejectedByNormalize = '\uFFFE';

    /// <summary>The normalised text, ready for the pre-tokeniser.</summary>
    public static string Normalize(string text)
    {
        var wellFormed = ReplaceUnpairedSurrogates(text);
        var composed = ComposeNfc(wellFormed);
        var collapsed = CollapseWhiteSpace(composed);
        return FullLowercase.Apply(collapsed);
    }

    /// <summary>
    /// Unpaired surrogates become U+FFFD, as UTF-8 encoding in .NET does. The reference cannot encode them at all
    /// (Python raises), and .NET's Normalize throws on them, so this is the one input the reference leaves open.
    /// </summary>
    internal static string ReplaceUnpairedSurrogates(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return text;
        }

        char[]? repaired = null;
        for (var i = first; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
            {
                continue;
            }

            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            repaired ??= text.ToCharArray();
            repaired[i] = ReplacementCharacter;
        }

        return repaired is null ? text : new string(repaired);
    }

    private static string ComposeNfc(string text)
    {
        if (!text.Contains(NoncharacterRejectedByNormalize))
        {
            return ComposeSegment(text);
        }

        var segments = text.Split(NoncharacterRejectedByNormalize);
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = ComposeSegment(segments[i]);
        }

        return string.Join(NoncharacterRejectedByNormalize, segments);
    }

    private static string ComposeSegment(string segment) =>
        segment.IsNormalized(NormalizationForm.FormC) ? segment : segment.Normalize(NormalizationForm.FormC);

    /// <summary>Every run of Unicode white space (<c>\s+</c>) becomes a single U+0020.</summary>
    private static string CollapseWhiteSpace(string text)
    {
        if (!NeedsCollapsing(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var inRun = false;
        foreach (var c in text)
        {
            // Every White_Space code point is in the BMP, so testing UTF-16 units is exact.
            if (UnicodeClasses.IsWhiteSpace(c))
            {
                if (!inRun)
                {
                    builder.Append(' ');
                    inRun = true;
                }
            }
            else
            {
                builder.Append(c);
                inRun = false;
            }
        }

        return builder.ToString();
    }

    private static bool NeedsCollapsing(string text)
    {
        var previousWasSpace = false;
        foreach (var c in text)
        {
            var isWhiteSpace = UnicodeClasses.IsWhiteSpace(c);
            if (isWhiteSpace && (c != ' ' || previousWasSpace))
            {
                return true;
            }

            previousWasSpace = isWhiteSpace;
        }

        return false;
    }
}
