namespace CarSearch.Core.Embeddings.Tokenization;

/// <summary>
/// GPT-2's reversible byte-to-character table, which CLIP's byte-level BPE spells its vocabulary in: printable
/// Latin-1 bytes stand for themselves, the other 68 bytes map to U+0100..U+0143 in byte order.
/// </summary>
internal static class ByteToUnicode
{
    private static readonly char[] Table = Build();

    /// <summary>The vocabulary character that stands for <paramref name="value"/>.</summary>
    public static char For(byte value) => Table[value];

    /// <summary>Every byte's character, indexed by byte.</summary>
    public static ReadOnlySpan<char> All => Table;

    private static char[] Build()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < table.Length; b++)
        {
            var printable = b is (>= 0x21 and <= 0x7E) or (>= 0xA1 and <= 0xAC) or (>= 0xAE and <= 0xFF);
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }
}
