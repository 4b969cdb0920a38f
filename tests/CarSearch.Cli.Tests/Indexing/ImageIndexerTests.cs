using CarSearch.Core.Storage;
using CarSearch.Cli.Indexing;
using CarSearch.Cli.Tests.Infrastructure;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Ingest;
using CarSearch.Storage;

namespace CarSearch.Cli.Tests.Indexing;

/// <summary>The upload loop's rules, against a target the tests control.</summary>
public sealed class ImageIndexerTests : IDisposable
{
    private readonly KitImageTree _tree = new();

    private readonly ImageFileCheck _check = new(IngestOptions.DefaultMaxImageBytes, new ImageOptions());

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task OneRefusedUploadIsAFailureWithItsReasonAndTheOthersGoOn()
    {
        var plan = PlanOfKitImages();
        var refused = plan.Files[1].BlobName;
        var target = new ScriptedTarget(name => name == refused ? throw new UploadFailedException("Storage refused it: 403 AuthorizationFailure") : UploadResult.Uploaded);

        var run = await new ImageIndexer(target, _check, new Dictionary<string, string>()).RunAsync(plan, _ => { }, CancellationToken.None);

        var failed = Assert.Single(run.Outcomes, outcome => outcome.Kind == IndexOutcomeKind.Failed);
        Assert.Equal(refused, failed.BlobName);
        Assert.Contains("403", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(plan.Files.Count - 1, run.Count(IndexOutcomeKind.Uploaded));
        Assert.False(run.Complete);
    }

    [Fact]
    public async Task StorageThatStopsAnsweringStopsTheRunAndCountsWhatWasNotAttempted()
    {
        var plan = PlanOfKitImages();
        var target = new ScriptedTarget(_ => throw new StorageUnavailableException("Connection refused"));

        var run = await new ImageIndexer(target, _check, new Dictionary<string, string>()).RunAsync(plan, _ => { }, CancellationToken.None);

        Assert.Equal("Connection refused", run.StorageUnavailable);
        Assert.Equal(plan.Files.Count, run.NotAttempted + run.Outcomes.Count);
        Assert.True(target.Calls <= ImageIndexer.MaxParallelUploads, $"{target.Calls} uploads were tried after storage went away");
        Assert.False(run.Complete);
    }

    [Fact]
    public async Task EveryFileIsReportedOnceAsItFinishes()
    {
        var plan = PlanOfKitImages();
        var target = new ScriptedTarget(_ => UploadResult.Unchanged);
        var reported = new System.Collections.Concurrent.ConcurrentBag<string?>();

        var run = await new ImageIndexer(target, _check, new Dictionary<string, string>()).RunAsync(plan, outcome => reported.Add(outcome.BlobName), CancellationToken.None);

        Assert.Equal(plan.Files.Select(file => file.BlobName).Order(StringComparer.Ordinal), reported.Order(StringComparer.Ordinal));
        Assert.Equal(plan.Files.Count, run.Count(IndexOutcomeKind.Skipped));
        Assert.True(run.Complete);
    }

    [Fact]
    public async Task AFileOverTheSizeLimitIsRejectedWithoutReachingTheTarget()
    {
        var plan = PlanOfKitImages();
        var smallest = plan.Files.Min(file => file.Length);
        var target = new ScriptedTarget(_ => UploadResult.Uploaded);
        var check = new ImageFileCheck(smallest, new ImageOptions());

        var run = await new ImageIndexer(target, check, new Dictionary<string, string>()).RunAsync(plan, _ => { }, CancellationToken.None);

        Assert.Equal(plan.Files.Count(file => file.Length > smallest), run.Count(IndexOutcomeKind.Rejected));
        Assert.Equal(plan.Files.Count(file => file.Length <= smallest), target.Calls);
    }

    [Fact]
    public void TheSizeRefusalIsWordedAsTheIngestRecordsIt()
    {
        var check = new ImageFileCheck(1000, new ImageOptions());

        Assert.Equal(ImageSizeLimit.TooLarge(1001, 1000), check.SizeProblem(1001));
        Assert.Equal(ImageSizeLimit.TooLarge(5000, 1000), check.ContentProblem(new byte[5000]));
        Assert.Null(check.SizeProblem(1000));
    }

    private IndexPlan PlanOfKitImages()
    {
        foreach (var file in KitImageTree.KitFiles)
        {
            _tree.AddKitImage(file, file);
        }

        return ImageFileFinder.Find([_tree.Root]);
    }

    private sealed class ScriptedTarget(Func<string, UploadResult> answer) : IImageUploadTarget
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Description => "a scripted target";

        public Task EnsureReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<UploadResult> UploadIfChangedAsync(
            string name, ReadOnlyMemory<byte> content, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await Task.Yield();
            return answer(name);
        }
    }
}
