using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Search;
using CarSearch.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarSearch.Api.Http;

/// <summary>
/// Every error the API answers, as <c>application/problem+json</c> with a title and a detail that names the problem;
/// one place, so the Functions app and the local host word and number each error the same way.
/// </summary>
public static class ApiProblems
{
    /// <summary>Exceptions that are the caller's doing and become a 4xx problem; anything else is a 500.</summary>
    public static bool IsClientError(Exception exception) =>
        exception is InvalidSearchException or QueryStringException or ImageNotFoundException or ImageRejectedException or UploadException;

    /// <summary>The problem answering <paramref name="exception"/>; a 500 without internals for an unexpected one.</summary>
    public static ProblemHttpResult For(Exception exception) => exception switch
    {
        InvalidSearchException invalid => InvalidSearchRequest(SearchRequestErrors.Detail(invalid)),
        QueryStringException unreadable => InvalidSearchRequest(unreadable.Message),
        ImageNotFoundException notFound => ImageNotFound(notFound.Id),
        ImageRejectedException rejected => ForRejectedImage(rejected),
        UploadException upload => Problem(upload.StatusCode, upload.Title, upload.Message),
        _ => Unexpected(),
    };

    public static ProblemHttpResult ImageNotFound(string id) =>
        Problem(StatusCodes.Status404NotFound, "Image not found", new ImageNotFoundException(id).Message);

    /// <summary>The index knows the image but its file is gone from storage (deleted, not yet reconciled).</summary>
    public static ProblemHttpResult ImageFileMissing(string id, string name) =>
        Problem(StatusCodes.Status404NotFound, "Image not found",
            $"The image \"{id}\" is indexed but its file \"{name}\" is no longer in storage.");

    /// <summary>The stored file of an indexed image was replaced by something no thumbnail can be made of.</summary>
    public static ProblemHttpResult ThumbnailUnavailable(string id, ImageRejectedException rejected) =>
        Problem(StatusCodes.Status404NotFound, "Thumbnail not available",
            $"The image \"{id}\" is indexed but its stored file is no longer a usable image, so it has no thumbnail: {rejected.Message}");

    /// <summary>
    /// Storage did not answer or refused us (<see cref="StorageUnavailableException"/>): searches still work from the
    /// index, so only the routes that read stored files answer this, with a hint to retry (<c>Retry-After</c>).
    /// </summary>
    public static ProblemHttpResult StorageUnavailable(HttpResponse response, StorageUnavailableException unavailable)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(unavailable);
        response.Headers.RetryAfter = StorageRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "Storage unavailable",
            $"{unavailable.Message} Searches still work from the index; the image files are served again once storage answers.");
    }

    /// <summary>The wait a 503 for unavailable storage suggests: the hosts ask storage again every few seconds.</summary>
    public const int StorageRetryAfterSeconds = 5;

    public static ProblemHttpResult IndexUnavailable(string kind) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "Index unavailable",
            $"The {kind} vector index cannot be reached; searches fail until it answers again.");

    /// <summary>A manage route asked from another machine than the one the local host runs on.</summary>
    public static ProblemHttpResult NotFromLoopback(string path) =>
        Problem(StatusCodes.Status403Forbidden, "Local requests only",
            $"{path} manages this machine's index and answers only requests from the machine itself (127.0.0.1 or ::1).");

    public static ProblemHttpResult Unexpected() =>
        Problem(StatusCodes.Status500InternalServerError, "Unexpected error", UnexpectedDetail);

    /// <summary>
    /// A refused image, by reason: anything that cannot be read as a supported image is 415 (RFC 9110 allows judging the
    /// format "by inspecting the data directly", which is how a damaged or truncated file is found out); too many
    /// pixels is 413 like too many bytes; an empty file is 400 like an empty body.
    /// </summary>
    public static ProblemHttpResult ForRejectedImage(ImageRejectedException rejected) => rejected.Reason switch
    {
        ImageRejectionReason.Empty => Problem(StatusCodes.Status400BadRequest, "Empty upload", rejected.Message),
        ImageRejectionReason.TooLarge => Problem(StatusCodes.Status413PayloadTooLarge, "Image too large", rejected.Message),
        ImageRejectionReason.UnknownFormat => Problem(StatusCodes.Status415UnsupportedMediaType, "Not an image", rejected.Message),
        ImageRejectionReason.UnsupportedFormat => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported image format", rejected.Message),
        ImageRejectionReason.Truncated => Problem(StatusCodes.Status415UnsupportedMediaType, "Incomplete image", rejected.Message),
        ImageRejectionReason.Corrupt => Problem(StatusCodes.Status415UnsupportedMediaType, "Damaged image", rejected.Message),
        _ => Problem(StatusCodes.Status415UnsupportedMediaType, "Unreadable image", rejected.Message),
    };

    internal const string UnexpectedDetail = "Something went wrong on our side; it has been logged. Try again later.";

    /// <summary>
    /// Fills in the detail of problems the framework makes (unknown route, wrong method, unhandled exception), which
    /// come without one. Registered through <c>AddProblemDetails</c>.
    /// </summary>
    internal static void FillFrameworkDetail(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound => $"No route matches {request.Method} {request.Path}; the API's routes are under /{ApiRoutes.Prefix}/.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not take {request.Method}.",
            >= StatusCodes.Status500InternalServerError => UnexpectedDetail,
            _ => null,
        };
    }

    private static ProblemHttpResult InvalidSearchRequest(string detail) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid search request", detail);

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
