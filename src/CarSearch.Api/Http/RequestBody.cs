using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CarSearch.Api.Http;

/// <summary>
/// Reading request bodies within the API's own limits: what the photo search and the composed query's body share.
/// </summary>
internal static class RequestBody
{
    /// <summary>Room for a multipart body's boundaries, part headers and small extra fields around the images.</summary>
    public const int MultipartEnvelopeBytes = 64 * 1024;

    private const string MultipartFormData = "multipart/form-data";

    private const string FormDataDisposition = "form-data";

    private const int InitialBufferBytes = 64 * 1024;

    /// <summary>
    /// The request body, cut off with <see cref="UploadException.TooLarge"/> (reporting <paramref name="reportedLimit"/>)
    /// as soon as more than <paramref name="maxBodyBytes"/> arrive, whatever Content-Length says.
    /// </summary>
    public static Stream Limited(HttpRequest request, long maxBodyBytes, int reportedLimit)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            throw UploadException.TooLarge(reportedLimit);
        }

        // The limit is ours to enforce, with our wording; a server's own (Kestrel: 30 MB) would answer first otherwise.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = null;
        }

        return new LengthLimitedStream(request.Body, maxBodyBytes, reportedLimit);
    }

    /// <summary>The boundary of a multipart/form-data body; null for any other type.</summary>
    /// <exception cref="UploadException">A multipart type without a boundary.</exception>
    public static string? MultipartBoundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals(MultipartFormData, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary);
        return StringSegment.IsNullOrEmpty(boundary)
            ? throw UploadException.MalformedMultipart("its Content-Type has no boundary.")
            : boundary.ToString();
    }

    /// <summary>
    /// Each form-data field of a multipart body with its name, in order, until <paramref name="visit"/> returns false;
    /// a file field (with a filename) or a plain one alike: browsers send the former, scripts either.
    /// </summary>
    /// <exception cref="UploadException">The body is not well-formed multipart.</exception>
    public static async Task ReadMultipartAsync(
        Stream body, string boundary, Func<string, Stream, Task<bool>> visit, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, body);
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (section.GetContentDispositionHeader() is { } disposition
                    && disposition.DispositionType.Equals(FormDataDisposition, StringComparison.OrdinalIgnoreCase)
                    && !await visit(HeaderUtilities.RemoveQuotes(disposition.Name).ToString(), section.Body).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (Exception malformed) when (malformed is (IOException and not BadHttpRequestException) or InvalidDataException)
        {
            throw UploadException.MalformedMultipart(malformed.Message);
        }
    }

    /// <summary>Reads <paramref name="source"/> to its end; more than <paramref name="maxBytes"/> is <see cref="UploadException.TooLarge"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadToEndAsync(
        Stream source, int maxBytes, long? expectedLength, CancellationToken cancellationToken, int? reportedLimit = null)
    {
        // One more byte than allowed is room enough to notice a body over the limit.
        var capacityLimit = maxBytes + 1;
        var buffer = new byte[(int)Math.Min(expectedLength is > 0 ? expectedLength.Value + 1 : InitialBufferBytes, capacityLimit)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length == capacityLimit)
                {
                    throw UploadException.TooLarge(reportedLimit ?? maxBytes);
                }

                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, capacityLimit));
            }

            var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.AsMemory(0, length);
            }

            length += read;
        }
    }

    /// <summary>A body that could not be read to its end, as the API words it.</summary>
    public static UploadException Unreadable(BadHttpRequestException unreadable, int reportedLimit) =>
        unreadable.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? UploadException.TooLarge(reportedLimit)
            : UploadException.Unreadable(unreadable.StatusCode);
}
