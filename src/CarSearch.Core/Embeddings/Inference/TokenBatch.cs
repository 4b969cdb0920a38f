using System.Numerics;

namespace CarSearch.Core.Embeddings.Inference;

/// <summary>Lays out a batch of token sequences as the text tower's row-major <c>[N,L]</c> ids and attention mask.</summary>
internal static class TokenBatch
{
    /// <summary>
    /// Value of padding positions. CLIP pools at argmax(input_ids), the first end-of-text token (the largest id):
    /// padding with 0 can never move that position, while padding with 49407 (Hugging Face's pad token) would for
    /// a sequence that lacks its own end token. With causal attention, right padding leaves the result unchanged.
    /// </summary>
    public const int PadTokenId = 0;

    /// <summary>
    /// The length a batch is fed at: its longest member, never 77 (attention cost grows with the square of the
    /// length, and CLIP's result does not depend on padding), unless the model fixes the length.
    /// </summary>
    public static int SequenceLength(IReadOnlyList<IReadOnlyList<int>> sequences, ReadOnlySpan<int> members, int fixedLength)
    {
        if (fixedLength > 0)
        {
            return fixedLength;
        }

        var longest = 0;
        foreach (var index in members)
        {
            longest = Math.Max(longest, sequences[index].Count);
        }

        return longest;
    }

    /// <summary>Writes row r = <c>sequences[members[r]]</c> followed by <see cref="PadTokenId"/> up to <paramref name="length"/>.</summary>
    public static void FillIds<T>(IReadOnlyList<IReadOnlyList<int>> sequences, ReadOnlySpan<int> members, int length, Span<T> destination)
        where T : IBinaryInteger<T>
    {
        var pad = T.CreateTruncating(PadTokenId);
        for (var row = 0; row < members.Length; row++)
        {
            var sequence = sequences[members[row]];
            var target = destination.Slice(row * length, length);
            for (var i = 0; i < sequence.Count; i++)
            {
                target[i] = T.CreateTruncating(sequence[i]);
            }

            target[sequence.Count..].Fill(pad);
        }
    }

    /// <summary>Writes 1 for each real token and 0 for each padding position, row by row.</summary>
    public static void FillMask<T>(IReadOnlyList<IReadOnlyList<int>> sequences, ReadOnlySpan<int> members, int length, Span<T> destination)
        where T : IBinaryInteger<T>
    {
        for (var row = 0; row < members.Length; row++)
        {
            var count = sequences[members[row]].Count;
            var target = destination.Slice(row * length, length);
            target[..count].Fill(T.One);
            target[count..].Fill(T.Zero);
        }
    }
}
