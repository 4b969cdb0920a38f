using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CarSearch.Api.Http;

/// <summary>An upload refused before it reached the image decoder: too big, empty, or not shaped as the API takes it.</summary>
internal sealed class UploadException(int statusCode, string title, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    public static UploadException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "Upload too large", string.Create(CultureInfo.InvariantCulture,
            $"The upload is larger than the limit of {maxBytes:N0} bytes ({maxBytes / (1024.0 * 1024.0):0.#} MB)."));

    public static UploadException EmptyBody() =>
        new(StatusCodes.Status400BadRequest, "Empty upload",
            $"The request body is empty: send the image as the body, or as the multipart/form-data field \"{ImageUploadReader.FieldName}\".");

    public static UploadException EmptyField() =>
        new(StatusCodes.Status400BadRequest, "Empty upload",
            $"The multipart/form-data field \"{ImageUploadReader.FieldName}\" is empty: attach the image file to it.");

    public static UploadException MissingField() =>
        new(StatusCodes.Status400BadRequest, "Missing image field",
            $"The multipart/form-data body has no field named \"{ImageUploadReader.FieldName}\": send the image in that field, or send it as the raw body.");

    public static UploadException MalformedMultipart(string reason) =>
        new(StatusCodes.Status400BadRequest, "Malformed multipart body", $"The multipart/form-data body cannot be read: {reason}");

    public static UploadException Unreadable(int statusCode) =>
        new(statusCode, "Unreadable request body", "The request body could not be read to its end (was the upload interrupted?).");
}
