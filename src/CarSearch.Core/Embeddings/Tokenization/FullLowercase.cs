using System.Text;

namespace CarSearch.Core.Embeddings.Tokenization;

/// <summary>
/// Lowercases with the full Unicode case mapping, exactly as Python's <c>str.lower()</c> (which the reference
/// tokenizer calls): <c>İ</c> becomes <c>i</c> + U+0307, and a capital sigma at the end of a word becomes <c>ς</c>.
/// </summary>
/// <remarks>
/// .NET's <c>ToLowerInvariant</c> applies the simple, context-free mapping. Compared with Python 3.11 over every
/// code point (ICU 72 here), it differs only at U+0130, whose full lowercase is two characters; the other
/// difference is the context-dependent final sigma. So the invariant mapping does the bulk and only those two
/// characters are patched.
/// </remarks>
internal static class FullLowercase
{
    private const char CapitalIWithDotAbove = '\u0130';
    private const char CapitalSigma = '\u03A3';
    private const char SmallSigma = '\u03C3';
    private const char SmallFinalSigma = '\u03C2';
    private const string SmallIWithCombiningDot = "i\u0307";

    /// <summary>The text lowercased as Python's <c>str.lower()</c> does. Expects well-formed UTF-16.</summary>
    public static string Apply(string text)
    {
        var next = text.AsSpan().IndexOfAny(CapitalIWithDotAbove, CapitalSigma);
        var lowered = text.ToLowerInvariant();
        if (next < 0)
        {
            return lowered;
        }

        // The invariant mapping keeps the UTF-16 length, so indices in the original and lowered text agree.
        var builder = new StringBuilder(text.Length + 8);
        var copied = 0;
        while (next >= 0)
        {
            builder.Append(lowered, copied, next - copied);
            if (text[next] == CapitalIWithDotAbove)
            {
                builder.Append(SmallIWithCombiningDot);
            }
            else
            {
                builder.Append(IsFinalSigma(text, next) ? SmallFinalSigma : SmallSigma);
            }

            copied = next + 1;
            var rest = text.AsSpan(copied).IndexOfAny(CapitalIWithDotAbove, CapitalSigma);
            next = rest < 0 ? -1 : copied + rest;
        }

        builder.Append(lowered, copied, lowered.Length - copied);
        return builder.ToString();
    }

    /// <summary>
    /// Unicode's Final_Sigma condition as CPython implements it (<c>handle_capital_sigma</c>): the sigma is preceded
    /// by a cased letter, skipping case-ignorable characters, and is not followed by one, skipping them likewise.
    /// Both tests look at the text before lowercasing.
    /// </summary>
    private static bool IsFinalSigma(string text, int sigmaIndex)
    {
        var before = text.AsSpan(0, sigmaIndex);
        var precededByCased = false;
        while (!before.IsEmpty)
        {
            Rune.DecodeLastFromUtf16(before, out var rune, out var length);
            if (!UnicodeClasses.IsCaseIgnorable(rune))
            {
                precededByCased = UnicodeClasses.IsCased(rune);
                break;
            }

            before = before[..^length];
        }

        if (!precededByCased)
        {
            return false;
        }

        var after = text.AsSpan(sigmaIndex + 1);
        while (!after.IsEmpty)
        {
            Rune.DecodeFromUtf16(after, out var rune, out var length);
            if (!UnicodeClasses.IsCaseIgnorable(rune))
            {
                return !UnicodeClasses.IsCased(rune);
            }

            after = after[length..];
        }

        return true;
    }
}
