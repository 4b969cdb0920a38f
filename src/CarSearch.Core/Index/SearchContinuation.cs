using System.Buffers.Binary;
using System.Buffers.Text;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace CarSearch.Core.Index;

/// <summary>
/// Continuation tokens for offset paging: an opaque base64url string holding the offset of the next page and a
/// fingerprint of the query (vector, filters, excluded id), so a token cannot be replayed against another query.
/// The page size is not part of the fingerprint: a client may change it between pages.
/// A page reflects the index when it is asked for; a write between two pages can shift results across the boundary.
/// </summary>
public static class SearchContinuation
{
    /// <summary>Results beyond this rank are not paged to: deep pages cost a heap of this size per request.</summary>
    public const int MaxResultDepth = 10_000;

    private const byte Version = 1;
    private const int TokenBytes = 1 + sizeof(int) + sizeof(ulong);

    /// <summary>The token of the page after the one that ends at <paramref name="nextOffset"/>, or null when none may follow.</summary>
    public static string? Create(VectorQuery query, int nextOffset)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (nextOffset >= MaxResultDepth)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[TokenBytes];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(bytes[1..], nextOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[(1 + sizeof(int))..], Fingerprint(query));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The offset the query's token points at; 0 without a token.</summary>
    /// <exception cref="ArgumentException">The token is malformed or was made for another query.</exception>
    public static int ReadOffset(VectorQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.ContinuationToken is null)
        {
            return 0;
        }

        Span<byte> bytes = stackalloc byte[TokenBytes];
        // IsValid first: TryDecodeFromChars throws (not returns false) on characters outside the alphabet.
        if (!Base64Url.IsValid(query.ContinuationToken, out var decodedLength)
            || decodedLength != TokenBytes
            || !Base64Url.TryDecodeFromChars(query.ContinuationToken, bytes, out var written)
            || written != TokenBytes
            || bytes[0] != Version)
        {
            throw new ArgumentException("The continuation token is not one this index issued.", nameof(query));
        }

        var offset = BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]);
        var fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(1 + sizeof(int))..]);
        if (offset <= 0 || offset >= MaxResultDepth || fingerprint != Fingerprint(query))
        {
            throw new ArgumentException("The continuation token belongs to another query.", nameof(query));
        }

        return offset;
    }

    private static ulong Fingerprint(VectorQuery query)
    {
        var hash = new XxHash64();
        hash.Append(MemoryMarshal.AsBytes(query.Vector.AsSpan()));
        AppendString(hash, query.ExcludeId ?? "");
        if (query.Filters is not null)
        {
            // Keys compare case-insensitively, so the fingerprint uses one spelling of each and one order.
            foreach (var (key, value) in query.Filters
                         .Select(f => (Key: f.Key.ToUpperInvariant(), f.Value))
                         .OrderBy(f => f.Key, StringComparer.Ordinal)
                         .ThenBy(f => f.Value, StringComparer.Ordinal))
            {
                AppendString(hash, key);
                AppendString(hash, value);
            }
        }

        return hash.GetCurrentHashAsUInt64();
    }

    private static void AppendString(XxHash64 hash, string value)
    {
        // Length-prefixed so ("ab", "c") and ("a", "bc") differ.
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
        hash.Append(length);
        hash.Append(Encoding.UTF8.GetBytes(value));
    }
}
