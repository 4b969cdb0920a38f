using System.Security.Cryptography;
using System.Text;

namespace CarSearch.Core.Index;

/// <summary>
/// Maps a blob name to a document id that is stable, readable and valid in Cosmos DB and in a URL path segment.
/// A name made only of [A-Za-z0-9._-] (at most <see cref="MaxPlainLength"/> chars) is its own id; any other name
/// becomes a slug of it plus a hash of the whole name, so two different names never share an id.
/// </summary>
public static class DocumentId
{
    /// <summary>Cosmos DB allows 255 characters; a plain name longer than this is slugged and hashed too.</summary>
    public const int MaxPlainLength = 200;

    /// <summary>Longest id <see cref="FromName"/> makes: a plain name, or a slug, a dash and the hash.</summary>
    public const int MaxLength = MaxPlainLength;

    private const int SlugLength = 120;
    private const int HashHexLength = 16;

    public static string FromName(string blobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        if (blobName.Length <= MaxPlainLength && blobName.All(IsPlain) && blobName != "." && blobName != "..")
        {
            return blobName;
        }

        var slug = new StringBuilder(SlugLength);
        foreach (var c in blobName)
        {
            if (slug.Length == SlugLength)
            {
                break;
            }

            slug.Append(IsPlain(c) ? c : '_');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(blobName)))[..HashHexLength];
        return $"{slug}-{hash}";
    }

    /// <summary>
    /// Whether <paramref name="id"/> could be an id <see cref="FromName"/> made. Anything else cannot name a document,
    /// so callers answer "not found" without asking the index (and without sending odd characters to Cosmos DB).
    /// </summary>
    public static bool IsWellFormed(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(IsPlain) && id != "." && id != "..";

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
