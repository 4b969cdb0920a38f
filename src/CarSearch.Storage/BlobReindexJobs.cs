using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CarSearch.Core.Ingest.Reindex;

namespace CarSearch.Storage;

/// <summary>
/// The re-index as blobs in the ledger container (<see cref="StorageOptions.LedgerContainer"/>): <c>reindex/job.json</c>
/// holds the current job, and each processed batch leaves an empty blob <c>reindex/{job}/batches/{number}</c> with its
/// counts in metadata. Writing a batch's result again replaces it, so a batch taken twice counts once; the job is
/// replaced only by an instance that saw the job it replaces (an ETag condition), so two starts make one job.
/// </summary>
public sealed class BlobReindexJobs(BlobContainerClient container) : IReindexJobs, IDisposable
{
    private const string JobBlob = "reindex/job.json";
    private const string DoneKey = "done";
    private const string FailedKey = "failed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly CreatedOnce _created = new(token => container.CreateIfNotExistsAsync(cancellationToken: token));

    public async Task<ReindexJob?> GetAsync(CancellationToken cancellationToken = default) =>
        (await ReadAsync(cancellationToken).ConfigureAwait(false))?.Job;

    public async Task<bool> TryReplaceAsync(ReindexJob job, string? replacing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var current = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (current?.Job.Id != replacing)
        {
            return false;
        }

        var condition = current is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = current.Value.ETag };
        try
        {
            await WriteAsync(job, condition, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    public Task UpdateAsync(ReindexJob job, CancellationToken cancellationToken = default) =>
        WriteAsync(job ?? throw new ArgumentNullException(nameof(job)), conditions: null, cancellationToken);

    public async Task RecordBatchAsync(string jobId, ReindexBatchResult result, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentNullException.ThrowIfNull(result);
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var metadata = new Dictionary<string, string>
        {
            [DoneKey] = result.Done.ToString(CultureInfo.InvariantCulture),
            [FailedKey] = result.Failed.ToString(CultureInfo.InvariantCulture),
        };
        await container.GetBlobClient(BatchPrefix(jobId) + result.Number.ToString("D6", CultureInfo.InvariantCulture))
            .UploadAsync(BinaryData.Empty, new BlobUploadOptions { Metadata = metadata }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ReindexBatchResult>> ListBatchesAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var prefix = BatchPrefix(jobId);
        var results = new List<ReindexBatchResult>();
        try
        {
            var listing = container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata }, cancellationToken);
            await foreach (var item in listing.ConfigureAwait(false))
            {
                if (int.TryParse(item.Name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    results.Add(new ReindexBatchResult(
                        number, Count(item, DoneKey), Count(item, FailedKey), item.Properties.LastModified ?? DateTimeOffset.MinValue));
                }
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return [];
        }

        return results;
    }

    public void Dispose() => _created.Dispose();

    private static string BatchPrefix(string jobId) => $"reindex/{jobId}/batches/";

    private static int Count(BlobItem item, string key) =>
        item.Metadata is not null && item.Metadata.TryGetValue(key, out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : 0;

    private async Task<(ReindexJob Job, ETag ETag)?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var download = await container.GetBlobClient(JobBlob).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var job = download.Value.Content.ToObjectFromJson<ReindexJob>(Json)
                ?? throw new InvalidDataException($"{JobBlob} holds no re-index job.");
            return (job, download.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task WriteAsync(ReindexJob job, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient(JobBlob).UploadAsync(
            BinaryData.FromObjectAsJson(job, Json),
            new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken).ConfigureAwait(false);
    }
}
