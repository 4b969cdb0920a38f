using Microsoft.Extensions.Logging;

namespace CarSearch.Core.Storage;

/// <summary>What <see cref="StorageAvailability"/> tells operators.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The image storage is unreachable ({Problem}). Searches go on from the index; uploads are indexed when it is back.")]
    public static partial void StorageUnreachable(this ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "The image storage is reachable again (it was not for {Seconds:0} s).")]
    public static partial void StorageBack(this ILogger logger, double seconds);
}
