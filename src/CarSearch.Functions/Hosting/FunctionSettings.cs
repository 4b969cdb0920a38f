using CarSearch.Storage;

namespace CarSearch.Functions.Hosting;

/// <summary>
/// The app settings that trigger attributes name. The Functions host resolves them (<c>%Name%</c>) before our code
/// runs, so they are constants here rather than options; every one is in local.settings.sample.json and, where Azure
/// needs it, in infra/app/function-app.bicep.
/// </summary>
public static class FunctionSettings
{
    /// <summary>The images' storage account, shared by the blob trigger, the deletes queue and the poison queue.</summary>
    public const string ImagesConnection = StorageOptions.ConnectionSetting;

    /// <summary>The storage queue Event Grid delivers the container's <c>BlobDeleted</c> events to.</summary>
    public const string ImageDeletesQueueSetting = "ImageDeletesQueue";

    public const string DefaultImageDeletesQueue = "image-deletes";

    public const string ImageDeletesQueue = "%" + ImageDeletesQueueSetting + "%";

    /// <summary>The queue re-index batches travel through (<see cref="StorageOptions.ReindexQueue"/>).</summary>
    public const string ReindexQueue = "%" + StorageOptions.ReindexQueueSetting + "%";

    /// <summary>Where the queue trigger parks a batch it gave up on: the queue's name with <c>-poison</c>.</summary>
    public const string ReindexPoisonQueue = ReindexQueue + "-poison";

    /// <summary>NCRONTAB (with seconds) of the reconciliation timer. A setting a trigger reads has no default: set it.</summary>
    public const string ReconcileScheduleSetting = "ReconcileSchedule";

    /// <summary>
    /// Hourly, on the hour. Events cover uploads and deletes within seconds; reconciliation only repairs what they
    /// missed, and each run lists the whole container and index (and wakes a scaled-to-zero app).
    /// </summary>
    public const string DefaultReconcileSchedule = "0 0 * * * *";

    public const string ReconcileSchedule = "%" + ReconcileScheduleSetting + "%";
}
