using System.Globalization;
using System.Text;

namespace CarSearch.Core.Embeddings.Tokenization;

/// <summary>
/// The per-code-point Unicode classes the CLIP convention is written in: <c>\s</c>, <c>\p{L}</c>, <c>\p{N}</c> and
/// the Cased / Case_Ignorable properties of the final-sigma rule, pinned to the reference tokenizer's Unicode data.
/// </summary>
/// <remarks>
/// Why not .NET's own predicates: .NET Regex's <c>\s</c> and <c>char</c> predicates work on UTF-16 units (a letter
/// outside the BMP would be two non-letters), and .NET 10 knows Unicode 16.0 while the reference (Python's
/// <c>regex</c> module 2022.10.31) classifies with Unicode 15.0. Measured over all 1,112,064 code points, the only
/// letter/number disagreements are the 29 ranges in <see cref="AssignedAfterReference"/>, all unassigned in the
/// reference: there they are neither letter nor number, so they join a run of symbols as in the reference.
/// Likewise the case properties follow the reference's <c>str.lower()</c> (Python 3.11, Unicode 14.0): measured
/// the same way, .NET's categories disagree only on <see cref="CaseNeutralInReference"/> and U+1171E.
/// </remarks>
internal static class UnicodeClasses
{
    // Letters and numbers that .NET 10 knows but the reference's Unicode 15.0 does not (Unicode 15.1 and 16.0
    // additions), sorted, inclusive. Produced by comparing Rune.GetUnicodeCategory with the reference regex
    // module's \p{L}/\p{N} over every code point.
    private static readonly int[] AssignedAfterReference =
    [
        0x1C89, 0x1C8A, 0xA7CB, 0xA7CD, 0xA7DA, 0xA7DC, 0x105C0, 0x105F3, 0x10D40, 0x10D65, 0x10D6F, 0x10D85,
        0x10EC2, 0x10EC4, 0x11380, 0x11389, 0x1138B, 0x1138B, 0x1138E, 0x1138E, 0x11390, 0x113B5, 0x113B7, 0x113B7,
        0x113D1, 0x113D1, 0x113D3, 0x113D3, 0x116D0, 0x116E3, 0x11BC0, 0x11BE0, 0x11BF0, 0x11BF9, 0x13460, 0x143FA,
        0x16100, 0x1611D, 0x16130, 0x16139, 0x16D40, 0x16D6C, 0x16D70, 0x16D79, 0x18CFF, 0x18CFF, 0x1CCF0, 0x1CCF9,
        0x1E5D0, 0x1E5ED, 0x1E5F0, 0x1E5FA, 0x2EBF0, 0x2EE5D,
    ];

    // Cased characters outside Lu/Ll/Lt that are not also case-ignorable (Other_Lowercase / Other_Uppercase
    // with category Lo, Nl or So), sorted, inclusive pairs. The Lm/Mn members of those properties are
    // case-ignorable, and the final-sigma rule tests case-ignorable first, so they need no entry.
    private static readonly int[] OtherCased =
    [
        0x00AA, 0x00AA, 0x00BA, 0x00BA, 0x2160, 0x217F, 0x24B6, 0x24E9, 0x1F130, 0x1F149, 0x1F150, 0x1F169,
        0x1F170, 0x1F189,
    ];

    // Characters .NET 10 counts as Cased or Case_Ignorable that Python 3.11's Unicode 14.0 does not know (later
    // additions), sorted, inclusive pairs. Produced by comparing IsCased/IsCaseIgnorable below with the final-sigma
    // outcome of Python's str.lower() on "Σ" after each code point, over every code point.
    private static readonly int[] CaseNeutralInReference =
    [
        0x0897, 0x0897, 0x0ECE, 0x0ECE, 0x1C89, 0x1C8A, 0xA7CB, 0xA7CD, 0xA7DA, 0xA7DC, 0x10D4E, 0x10D4E,
        0x10D50, 0x10D65, 0x10D69, 0x10D6D, 0x10D6F, 0x10D85, 0x10EFC, 0x10EFF, 0x11241, 0x11241, 0x113BB, 0x113C0,
        0x113CE, 0x113CE, 0x113D0, 0x113D0, 0x113D2, 0x113D2, 0x113E1, 0x113E2, 0x11F00, 0x11F01, 0x11F36, 0x11F3A,
        0x11F40, 0x11F40, 0x11F42, 0x11F42, 0x11F5A, 0x11F5A, 0x13439, 0x13440, 0x13447, 0x13455, 0x1611E, 0x16129,
        0x1612D, 0x1612F, 0x16D40, 0x16D42, 0x16D6B, 0x16D6C, 0x1DF25, 0x1DF2A, 0x1E030, 0x1E06D, 0x1E08F, 0x1E08F,
        0x1E4EB, 0x1E4EF, 0x1E5EE, 0x1E5EF,
    ];

    // AHOM CONSONANT SIGN MEDIAL RA: a nonspacing mark (so case-ignorable) in Unicode 14.0, a spacing mark in .NET's.
    private const int AhomMedialRa = 0x1171E;

    /// <summary>Unicode White_Space, as the reference's <c>\s</c>: U+0085, U+00A0, U+3000, ...; not U+200B, not U+001C..U+001F.</summary>
    public static bool IsWhiteSpace(int codePoint) => codePoint switch
    {
        >= 0x0009 and <= 0x000D => true,
        0x0020 or 0x0085 or 0x00A0 or 0x1680 => true,
        >= 0x2000 and <= 0x200A => true,
        0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary><c>\p{L}</c>: general category Lu, Ll, Lt, Lm or Lo in the reference's Unicode version.</summary>
    public static bool IsLetter(Rune rune)
    {
        if (rune.IsAscii)
        {
            return (uint)((rune.Value | 0x20) - 'a') <= 'z' - 'a';
        }

        return Rune.GetUnicodeCategory(rune) <= UnicodeCategory.OtherLetter && !IsAssignedAfterReference(rune.Value);
    }

    /// <summary><c>\p{N}</c>: general category Nd, Nl or No in the reference's Unicode version.</summary>
    public static bool IsNumber(Rune rune)
    {
        if (rune.IsAscii)
        {
            return (uint)(rune.Value - '0') <= 9;
        }

        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            && !IsAssignedAfterReference(rune.Value);
    }

    /// <summary>Unicode Cased (Lu, Ll, Lt, Other_Lowercase, Other_Uppercase), for the final-sigma rule.</summary>
    public static bool IsCased(Rune rune)
    {
        if (InRanges(CaseNeutralInReference, rune.Value))
        {
            return false;
        }

        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            || InRanges(OtherCased, rune.Value);
    }

    /// <summary>
    /// Unicode Case_Ignorable (Mn, Me, Cf, Lm, Sk, and Word_Break MidLetter, MidNumLet, Single_Quote), for the
    /// final-sigma rule.
    /// </summary>
    public static bool IsCaseIgnorable(Rune rune)
    {
        switch (rune.Value)
        {
            // Word_Break = Single_Quote, MidNumLet, MidLetter.
            case 0x0027 or 0x002E or 0x003A or 0x00B7 or 0x0387 or 0x055F or 0x05F4 or 0x2018 or 0x2019 or 0x2024
                or 0x2027 or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A:
            case AhomMedialRa:
                return true;
        }

        if (InRanges(CaseNeutralInReference, rune.Value))
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
    }

    private static bool IsAssignedAfterReference(int codePoint) =>
        codePoint >= AssignedAfterReference[0] && InRanges(AssignedAfterReference, codePoint);

    // Ranges are stored as sorted inclusive (first, last) pairs; binary search over the pairs.
    private static bool InRanges(int[] ranges, int codePoint)
    {
        int low = 0, high = (ranges.Length / 2) - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (codePoint < ranges[2 * middle])
            {
                high = middle - 1;
            }
            else if (codePoint > ranges[(2 * middle) + 1])
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
