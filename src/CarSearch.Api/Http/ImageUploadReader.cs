using Microsoft.AspNetCore.Http;

namespace CarSearch.Api.Http;

/// <summary>
/// Reads the image of a search-by-photo: the raw body whatever its Content-Type (curl's <c>--data-binary</c> sends
/// form-urlencoded), or the field <see cref="FieldName"/> of a multipart/form-data body (an HTML form), never more
/// than the limit.
/// </summary>
internal static class ImageUploadReader
{
    public const string FieldName = "image";

    /// <summary>The uploaded image's bytes.</summary>
    /// <exception cref="UploadException">Too large, empty, or a multipart body without the image field.</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var boundary = RequestBody.MultipartBoundary(request.ContentType);
        var maxBodyBytes = boundary is null ? maxBytes : (long)maxBytes + RequestBody.MultipartEnvelopeBytes;
        var body = RequestBody.Limited(request, maxBodyBytes, maxBytes);
        try
        {
            var image = boundary is null
                ? await RequestBody.ReadToEndAsync(body, maxBytes, request.ContentLength, cancellationToken).ConfigureAwait(false)
                : await ReadMultipartFieldAsync(body, boundary, maxBytes, cancellationToken).ConfigureAwait(false);
            return image.Length > 0 ? image : throw (boundary is null ? UploadException.EmptyBody() : UploadException.EmptyField());
        }
        catch (BadHttpRequestException unreadable)
        {
            throw RequestBody.Unreadable(unreadable, maxBytes);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadMultipartFieldAsync(
        Stream body, string boundary, int maxBytes, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte>? image = null;
        // Other fields are skipped; the envelope allowance bounds what they may add.
        await RequestBody.ReadMultipartAsync(body, boundary, async (name, field) =>
        {
            if (!name.Equals(FieldName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            image = await RequestBody.ReadToEndAsync(field, maxBytes, expectedLength: null, cancellationToken).ConfigureAwait(false);
            return false;
        }, cancellationToken).ConfigureAwait(false);

        return image ?? throw UploadException.MissingField();
    }
}
