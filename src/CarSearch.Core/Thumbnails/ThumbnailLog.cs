using Microsoft.Extensions.Logging;

namespace CarSearch.Core.Thumbnails;

/// <summary>What the thumbnails tell operators, as source-generated log messages.</summary>
internal static partial class ThumbnailLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the thumbnail of '{Name}'; the image is indexed, and its thumbnail is made again on first request.")]
    public static partial void NotStored(this ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the thumbnail of '{Name}'; it is never served (its image is not indexed) and is replaced if the image comes back.")]
    public static partial void NotRemoved(this ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Made the thumbnail of '{Name}' on request (none stored for its bytes).")]
    public static partial void MadeOnRequest(this ILogger logger, string name);
}
