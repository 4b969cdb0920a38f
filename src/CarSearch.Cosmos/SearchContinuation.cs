using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CarSearch.Cosmos;

/// <summary>
/// The opaque continuation token of a vector search: the offset of the next page. The SDK's own tokens cannot be
/// used, because vector (non-streaming ORDER BY) queries do not support them.
/// </summary>
internal static class SearchContinuation
{
    // A prefix so that a token from another store or a later format is rejected instead of misread.
    private const string Prefix = "cosmos-offset:";

    public static string Encode(int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The offset a token stands for; 0 for no token.</summary>
    /// <exception cref="ArgumentException">The token was not issued by this index.</exception>
    public static int Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        return text.StartsWith(Prefix, StringComparison.Ordinal)
               && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
               && offset > 0
            ? offset
            : throw Invalid();
    }

    private static ArgumentException Invalid() =>
        new("The continuation token was not issued by this index for a search.", "ContinuationToken");
}
