using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CarSearch.Core.Index;
using CarSearch.Core.Search;
using Microsoft.AspNetCore.Http;

namespace CarSearch.Api.Http;

/// <summary>
/// Reads <c>POST /api/search</c>: a JSON body (<see cref="ComposedQueryBody"/>, whatever the Content-Type, as the photo
/// search takes any), or a multipart/form-data body whose field <see cref="QueryField"/> holds that JSON and whose
/// other fields hold photos, each referenced by a term as <c>{"imagePart": "FIELD NAME"}</c>. The photos of one query
/// may together be at most the upload limit; base64 in JSON costs a third more on the wire, which the body limit allows.
/// </summary>
public static class ComposedQueryReader
{
    /// <summary>The multipart field holding the query's JSON.</summary>
    public const string QueryField = "query";

    /// <summary>
    /// Largest query JSON without its photos: 8 terms of 1,000 characters, 16 filters of 1,024, a token and the
    /// punctuation fit many times over.
    /// </summary>
    public const int MaxQueryJsonBytes = 64 * 1024;

    private const string Terms = "terms";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The composed query and its parameters.</summary>
    /// <exception cref="QueryStringException">The JSON is not a query, or a term or parameter cannot be read.</exception>
    /// <exception cref="UploadException">The body is too large, not well-formed multipart, or has no query field.</exception>
    internal static async Task<(ComposedTerms Terms, SearchParameters Parameters)> ReadAsync(
        HttpRequest request, int maxImageBytes, CancellationToken cancellationToken)
    {
        var boundary = RequestBody.MultipartBoundary(request.ContentType);
        var maxBodyBytes = boundary is null
            ? Base64Length(maxImageBytes) + MaxQueryJsonBytes
            : (long)maxImageBytes + MaxQueryJsonBytes + RequestBody.MultipartEnvelopeBytes;
        var body = RequestBody.Limited(request, maxBodyBytes, maxImageBytes);
        try
        {
            ReadOnlyMemory<byte> json;
            var parts = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
            if (boundary is null)
            {
                json = await RequestBody.ReadToEndAsync(
                    body, (int)Math.Min(maxBodyBytes, int.MaxValue), request.ContentLength, cancellationToken, maxImageBytes).ConfigureAwait(false);
            }
            else
            {
                json = await ReadPartsAsync(body, boundary, parts, maxImageBytes, cancellationToken).ConfigureAwait(false);
            }

            return ToQuery(Parse(json), parts, maxImageBytes);
        }
        catch (BadHttpRequestException unreadable)
        {
            throw RequestBody.Unreadable(unreadable, maxImageBytes);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadPartsAsync(
        Stream body, string boundary, Dictionary<string, ReadOnlyMemory<byte>> parts, int maxImageBytes, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte>? json = null;
        var imageBytes = 0;
        await RequestBody.ReadMultipartAsync(body, boundary, async (name, field) =>
        {
            if (name == QueryField)
            {
                json = await RequestBody.ReadToEndAsync(field, MaxQueryJsonBytes, null, cancellationToken).ConfigureAwait(false);
                return true;
            }

            if (parts.ContainsKey(name))
            {
                throw SearchRequestErrors.RepeatedPart(name);
            }

            var part = await RequestBody.ReadToEndAsync(field, maxImageBytes - imageBytes, null, cancellationToken, maxImageBytes)
                .ConfigureAwait(false);
            imageBytes += part.Length;
            parts[name] = part;
            return true;
        }, cancellationToken).ConfigureAwait(false);

        return json ?? throw SearchRequestErrors.MissingQueryPart();
    }

    private static ComposedQueryBody Parse(ReadOnlyMemory<byte> json)
    {
        if (json.Length == 0)
        {
            throw SearchRequestErrors.EmptyQueryBody();
        }

        try
        {
            return JsonSerializer.Deserialize<ComposedQueryBody>(json.Span, Json) ?? throw SearchRequestErrors.EmptyQueryBody();
        }
        catch (JsonException unreadable)
        {
            throw SearchRequestErrors.UnreadableQueryBody(unreadable.Path, unreadable.Message);
        }
    }

    private static (ComposedTerms Terms, SearchParameters Parameters) ToQuery(
        ComposedQueryBody body, Dictionary<string, ReadOnlyMemory<byte>> parts, int maxImageBytes)
    {
        var terms = new ComposedTerms();
        var photoBytes = 0L;
        var given = body.Terms ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{Terms}[{i}]");
            var term = given[i] ?? throw SearchRequestErrors.NotOneKindOfTerm(name);
            var weight = (float)(term.Weight ?? QueryTerm.DefaultWeight);
            var kinds = (term.Text is null ? 0 : 1) + (term.ImageId is null ? 0 : 1) + (term.Image is null ? 0 : 1) + (term.ImagePart is null ? 0 : 1);
            if (kinds != 1)
            {
                throw SearchRequestErrors.NotOneKindOfTerm(name);
            }

            QueryTerm made;
            if (term.Text is { } text)
            {
                made = QueryTerm.ForText(text, weight);
            }
            else if (term.ImageId is { } imageId)
            {
                made = QueryTerm.ForImage(imageId, weight);
            }
            else if (term.Image is { } base64)
            {
                var photo = FromBase64(base64, $"{name}.image");
                photoBytes += photo.Length;
                made = QueryTerm.ForPhoto(photo, weight);
            }
            else
            {
                made = parts.TryGetValue(term.ImagePart!, out var part)
                    ? QueryTerm.ForPhoto(part, weight)
                    : throw SearchRequestErrors.MissingPart($"{name}.imagePart", term.ImagePart!);
            }

            terms.Add(made, made.Kind == QueryTermKind.Text ? $"{name}.text" : name, $"{name}.weight");
        }

        if (photoBytes > maxImageBytes)
        {
            throw UploadException.TooLarge(maxImageBytes);
        }

        return (terms, new SearchParameters(
            body.Top ?? VectorQuery.DefaultTop, Filters(body.Filters), body.ContinuationToken, body.MinScore, body.Collapse ?? false));
    }

    private static Dictionary<string, string>? Filters(Dictionary<string, string?>? given)
    {
        if (given is null)
        {
            return null;
        }

        // Metadata names compare case-insensitively, as in the query string.
        var filters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in given)
        {
            if (!filters.TryAdd(name, value ?? ""))
            {
                throw SearchRequestErrors.RepeatedParameter($"filters.{name}");
            }
        }

        return filters;
    }

    /// <summary>Base64 (standard or URL-safe, padded or not), or a data: URL carrying it, as a browser's FileReader gives.</summary>
    private static ReadOnlyMemory<byte> FromBase64(string text, string name)
    {
        var payload = text.AsSpan().Trim();
        if (payload.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = payload.IndexOf(',');
            if (comma < 0 || !payload[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw SearchRequestErrors.NotBase64(name);
            }

            payload = payload[(comma + 1)..];
        }

        var normalized = new StringBuilder(payload.Length + 3).Append(payload).Replace('-', '+').Replace('_', '/');
        while (normalized.Length % 4 != 0)
        {
            normalized.Append('=');
        }

        var bytes = new byte[normalized.Length / 4 * 3];
        return Convert.TryFromBase64String(normalized.ToString(), bytes, out var written)
            ? bytes.AsMemory(0, written)
            : throw SearchRequestErrors.NotBase64(name);
    }

    private static long Base64Length(int bytes) => ((bytes + 2L) / 3) * 4;
}
