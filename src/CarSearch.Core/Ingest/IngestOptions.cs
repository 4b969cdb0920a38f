using System.ComponentModel.DataAnnotations;
using CarSearch.Core.Embeddings.Inference;

namespace CarSearch.Core.Ingest;

/// <summary>Limits and pacing of the ingest, bound from the <c>CarSearch:Ingest</c> section.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "CarSearch:Ingest";

    /// <summary>20 MiB: well above any camera JPEG, well below what would strain a small instance's memory.</summary>
    public const long DefaultMaxImageBytes = 20L * 1024 * 1024;

    /// <summary>Upper bound for <see cref="MaxImageBytes"/>: the content is held in memory while it is hashed and decoded.</summary>
    public const long HighestMaxImageBytes = 256L * 1024 * 1024;

    public const int DefaultMaxConcurrentIngests = 16;

    /// <summary>Decodes at once by default: the cores, but at most 4, since a 50-megapixel decode holds ~150 MB.</summary>
    public const int DefaultMaxConcurrentDecodesCap = 4;

    public const int DefaultMicroBatchSize = InferenceOptions.DefaultMaxBatchSize;

    public const int DefaultMicroBatchMaxWaitMilliseconds = 25;

    public const int DefaultMaxFailuresKept = 1000;

    public const int DefaultMaxFailuresReported = 100;

    public static readonly TimeSpan DefaultReconciliationInterval = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan DefaultRetryGaveUpAfter = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultPendingMaxAge = TimeSpan.FromSeconds(10);

    /// <summary>Largest image accepted, in bytes; larger uploads are recorded as failures without being read further.</summary>
    [Range(1, HighestMaxImageBytes)]
    public long MaxImageBytes { get; set; } = DefaultMaxImageBytes;

    /// <summary>
    /// Ingests in progress at once in this process (content held in memory, hashing, decoding, waiting for the
    /// model); further calls wait their turn. Bounds memory at about this many times <see cref="MaxImageBytes"/>.
    /// </summary>
    [Range(1, 1024)]
    public int MaxConcurrentIngests { get; set; } = DefaultMaxConcurrentIngests;

    /// <summary>
    /// Images decoded at once. Decoding is where memory goes (a full-size bitmap, not the 600 KB model input), so it
    /// has its own, smaller bound. Default: the processor count, at most <see cref="DefaultMaxConcurrentDecodesCap"/>.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentDecodes { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, DefaultMaxConcurrentDecodesCap);

    /// <summary>Most preprocessed images fed to the model in one run when concurrent ingests share it.</summary>
    [Range(1, InferenceOptions.MaxBatchSizeLimit)]
    public int MicroBatchSize { get; set; } = DefaultMicroBatchSize;

    /// <summary>
    /// How long the first image of a batch waits for others before the model runs anyway. Short: a lone upload
    /// should not notice it, while a burst of uploads shares runs.
    /// </summary>
    [Range(0, 10_000)]
    public int MicroBatchMaxWaitMilliseconds { get; set; } = DefaultMicroBatchMaxWaitMilliseconds;

    /// <summary>
    /// How often <c>carsearch serve</c> reconciles the container with the index (<see cref="ContainerWatcher"/>): the
    /// longest an upload or a delete waits to be seen. The Functions app reconciles on its timer instead.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan ReconciliationInterval { get; set; } = DefaultReconciliationInterval;

    /// <summary>
    /// Failed attempts at one version of an image before a host that scans (<see cref="IngestDispatcher"/>) gives it up and
    /// records it as <see cref="IngestFailureKind.GaveUp"/>, and the count a Functions give-up is recorded with. Taken
    /// from host.json's <c>extensions.blobs.poisonBlobThreshold</c> (<see cref="Hosting.HostJson"/>), the blob
    /// trigger's own count, so both hosts give up alike; set it only where host.json does not apply.
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = Hosting.HostJson.DefaultPoisonBlobThreshold;

    /// <summary>How long after an image was given up reconciliation tries it again (storage or the index may be back).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan RetryGaveUpAfter { get; set; } = DefaultRetryGaveUpAfter;

    /// <summary>
    /// How old the scan behind the status's <c>pending</c> may be before a status request starts a new one. Serve
    /// scans every <see cref="ReconciliationInterval"/> anyway; on the Functions app this bounds listing costs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PendingMaxAge { get; set; } = DefaultPendingMaxAge;

    /// <summary>
    /// The cosine at or above which a new image is marked a near-duplicate of an indexed one
    /// (<see cref="Duplicates.DuplicateRule"/>); in (0, 1], 1 for exact copies only.
    /// </summary>
    [Range(0d, 1d, MinimumIsExclusive = true)]
    public double DuplicateThreshold { get; set; } = Duplicates.DuplicateRule.DefaultThreshold;

    /// <summary>Failures remembered; when more are recorded the oldest are forgotten.</summary>
    [Range(1, 100_000)]
    public int MaxFailuresKept { get; set; } = DefaultMaxFailuresKept;

    /// <summary>Most recent failures listed in the ingest status (the count covers all that are kept).</summary>
    [Range(0, 100_000)]
    public int MaxFailuresReported { get; set; } = DefaultMaxFailuresReported;
}
