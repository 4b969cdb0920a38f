using Microsoft.Extensions.Logging;

namespace CarSearch.Cli.Serve;

/// <summary>What <c>carsearch serve</c> tells the person running it, as source-generated log messages.</summary>
internal static partial class ServeLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Model {ModelId} from {Directory}")]
    public static partial void Model(this ILogger logger, string modelId, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Index: {Kind} in {Directory}, {Documents} documents")]
    public static partial void Index(this ILogger logger, string kind, string directory, long documents);

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexing images uploaded to container '{Container}' at {Endpoint}")]
    public static partial void Container(this ILogger logger, string container, Uri endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on {Url}: open it in a browser to search; press Ctrl+C to stop")]
    public static partial void Listening(this ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the queue '{Queue}'; trying again shortly.")]
    public static partial void QueueUnreadable(this ILogger logger, Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a message from queue '{Queue}' that is not a re-index batch: {Problem}")]
    public static partial void MalformedBatch(this ILogger logger, string queue, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-index batch {Number} failed (take {Take} of {MaxTakes}); it is taken again shortly.")]
    public static partial void BatchFailed(this ILogger logger, Exception exception, int number, long take, int maxTakes);
}
