using Microsoft.Extensions.Logging;

namespace CarSearch.Core.Hosting;

/// <summary>What <see cref="StartupInitializer"/> tells operators.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Image storage and the {Kind} index are ready.")]
    public static partial void StorageAndIndexReady(this ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {ModelId} loaded.")]
    public static partial void ModelLoaded(this ILogger logger, string modelId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The model could not be loaded; searches and ingests fail until it can.")]
    public static partial void ModelLoadFailed(this ILogger logger, Exception exception);
}
