using System.Buffers.Binary;
using System.Buffers.Text;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace CarSearch.Core.Index;

/// <summary>
/// Continuation tokens for keyset paging: an opaque base64url string holding a <see cref="ContinuationKey"/> (the
/// last result's score and id, and the results returned so far) and a fingerprint of the query (vector, filters,
/// excluded ids), so a token cannot be replayed against another query. The page size and the minimum score are not part
/// of the fingerprint: a client may change them between pages.
/// <para>
/// Layout: version (1 byte), rank (int32), fingerprint (uint64), score (float64), the id in UTF-8 (the rest), little
/// endian. Version 1 tokens held an offset instead of a key; they are refused like any token not issued here.
/// </para>
/// </summary>
public static class SearchContinuation
{
    /// <summary>
    /// No token is issued once a sequence has returned this many results: Cosmos DB ranks every page from the top,
    /// so a deeper page costs more with every page.
    /// </summary>
    public const int MaxResultDepth = 10_000;

    private const byte Version = 2;
    private const int RankAt = 1;
    private const int FingerprintAt = RankAt + sizeof(int);
    private const int ScoreAt = FingerprintAt + sizeof(ulong);
    private const int IdAt = ScoreAt + sizeof(double);

    /// <summary>Cosmos DB ids are at most 255 characters, so at most this many UTF-8 bytes.</summary>
    private const int MaxIdBytes = 255 * 4;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The token of the page after the one that ended with <paramref name="last"/>, <paramref name="rank"/> results
    /// into the sequence; null when no page may follow (<see cref="MaxResultDepth"/>).
    /// </summary>
    public static string? Create(VectorQuery query, SearchHit last, int rank)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(last);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        if (rank >= MaxResultDepth)
        {
            return null;
        }

        var bytes = new byte[IdAt + StrictUtf8.GetByteCount(last.Id)];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(RankAt), rank);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(FingerprintAt), Fingerprint(query));
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(ScoreAt), last.Score);
        StrictUtf8.GetBytes(last.Id, bytes.AsSpan(IdAt));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The key the query's token holds; null without a token (the first page).</summary>
    /// <exception cref="ArgumentException">The token is malformed, of an earlier version, or was made for another query.</exception>
    public static ContinuationKey? Read(VectorQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.ContinuationToken is null)
        {
            return null;
        }

        // IsValid first: TryDecodeFromChars throws (not returns false) on characters outside the alphabet.
        if (!Base64Url.IsValid(query.ContinuationToken, out var decodedLength)
            || decodedLength is <= IdAt or > IdAt + MaxIdBytes)
        {
            throw NotIssuedHere(nameof(query));
        }

        var bytes = new byte[decodedLength];
        if (!Base64Url.TryDecodeFromChars(query.ContinuationToken, bytes, out var written)
            || written != decodedLength
            || bytes[0] != Version)
        {
            throw NotIssuedHere(nameof(query));
        }

        var rank = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(RankAt));
        var fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(FingerprintAt));
        var score = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(ScoreAt));
        string id;
        try
        {
            id = StrictUtf8.GetString(bytes, IdAt, bytes.Length - IdAt);
        }
        catch (DecoderFallbackException)
        {
            throw NotIssuedHere(nameof(query));
        }

        if (rank is <= 0 or >= MaxResultDepth || !double.IsFinite(score))
        {
            throw NotIssuedHere(nameof(query));
        }

        if (fingerprint != Fingerprint(query))
        {
            throw new ArgumentException("The continuation token belongs to another query.", nameof(query));
        }

        return new ContinuationKey(score, id, rank);
    }

    private static ArgumentException NotIssuedHere(string parameterName) =>
        new("The continuation token is not one this index issued.", parameterName);

    private static ulong Fingerprint(VectorQuery query)
    {
        var hash = new XxHash64();
        hash.Append(MemoryMarshal.AsBytes(query.Vector.AsSpan()));
        // One id hashes as it did when a query could leave out only one, so those tokens stay valid. The cut-off is
        // not part of it: like the page size, it only decides where the sequence stops.
        IEnumerable<string> excluded = query.ExcludeIds is { Count: > 0 } ids ? ids.Distinct().Order(StringComparer.Ordinal) : [""];
        foreach (var id in excluded)
        {
            AppendString(hash, id);
        }
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
