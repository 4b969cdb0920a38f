using Microsoft.Extensions.Logging;

namespace CarSearch.Functions.Hosting;

/// <summary>What the functions themselves tell operators (the services they call log the rest).</summary>
internal static partial class FunctionsLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed; answered 500.")]
    public static partial void UnhandledHttpError(this ILogger logger, Exception exception, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a message from queue '{Queue}' that is not {Expected}: {Problem}")]
    public static partial void MalformedMessage(this ILogger logger, string queue, string expected, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored {EventType} for '{Container}/{Name}': not a delete in the images' container.")]
    public static partial void IgnoredBlobEvent(this ILogger logger, string eventType, string container, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a poisoned blob of another container than the images': {Message}")]
    public static partial void IgnoredPoisonedBlob(this ILogger logger, string message);
}
