using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CarSearch.Api.Http;

/// <summary>
/// Reads the image of a search-by-photo: the raw body whatever its Content-Type (curl's <c>--data-binary</c> sends
/// form-urlencoded), or the field <see cref="FieldName"/> of a multipart/form-data body (an HTML form), never more
/// than the limit.
/// </summary>
internal static class ImageUploadReader
{
    public const string FieldName = "image";

    /// <summary>Room for a multipart body's boundaries, part headers and small extra fields around the image.</summary>
    public const int MultipartEnvelopeBytes = 64 * 1024;

    private const string MultipartFormData = "multipart/form-data";

    private const string FormDataDisposition = "form-data";

    private const int InitialBufferBytes = 64 * 1024;

    /// <summary>The uploaded image's bytes.</summary>
    /// <exception cref="UploadException">Too large, empty, or a multipart body without the image field.</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var boundary = MultipartBoundary(request.ContentType);
        var maxBodyBytes = boundary is null ? maxBytes : (long)maxBytes + MultipartEnvelopeBytes;
        if (request.ContentLength > maxBodyBytes)
        {
            throw UploadException.TooLarge(maxBytes);
        }

        // The limit is ours to enforce, with our wording; a server's own (Kestrel: 30 MB) would answer first otherwise.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = null;
        }

        var body = new LengthLimitedStream(request.Body, maxBodyBytes, maxBytes);
        try
        {
            var image = boundary is null
                ? await ReadToEndAsync(body, maxBytes, request.ContentLength, cancellationToken).ConfigureAwait(false)
                : await ReadMultipartFieldAsync(body, boundary, maxBytes, cancellationToken).ConfigureAwait(false);
            return image.Length > 0 ? image : throw (boundary is null ? UploadException.EmptyBody() : UploadException.EmptyField());
        }
        catch (BadHttpRequestException unreadable)
        {
            throw unreadable.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? UploadException.TooLarge(maxBytes)
                : UploadException.Unreadable(unreadable.StatusCode);
        }
    }

    private static string? MultipartBoundary(string? contentType)
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

    private static async Task<ReadOnlyMemory<byte>> ReadMultipartFieldAsync(
        Stream body, string boundary, int maxBytes, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, body);
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                // Other fields are skipped; the envelope allowance bounds what they may add.
                // A file field (with a filename) or a plain one: browsers send the former, scripts either.
                if (section.GetContentDispositionHeader() is { } disposition
                    && disposition.DispositionType.Equals(FormDataDisposition, StringComparison.OrdinalIgnoreCase)
                    && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(FieldName, StringComparison.OrdinalIgnoreCase))
                {
                    return await ReadToEndAsync(section.Body, maxBytes, expectedLength: null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception malformed) when (malformed is (IOException and not BadHttpRequestException) or InvalidDataException)
        {
            throw UploadException.MalformedMultipart(malformed.Message);
        }

        throw UploadException.MissingField();
    }

    private static async Task<ReadOnlyMemory<byte>> ReadToEndAsync(
        Stream source, int maxBytes, long? expectedLength, CancellationToken cancellationToken)
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
                    throw UploadException.TooLarge(maxBytes);
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
}
