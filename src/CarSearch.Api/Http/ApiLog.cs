using Microsoft.Extensions.Logging;

namespace CarSearch.Api.Http;

/// <summary>What the API logs.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check: the {Kind} index cannot be reached.")]
    public static partial void IndexUnreachable(this ILogger logger, Exception exception, string kind);
}
