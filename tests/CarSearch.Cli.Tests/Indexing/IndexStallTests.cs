using System.Diagnostics;
using CarSearch.Cli.Tests.Infrastructure;
using CarSearch.Cli.Tests.Serve;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Indexing;

/// <summary>
/// Storage that hangs in the middle of a <c>carsearch index</c> run (Azurite frozen with SIGSTOP: connections are
/// accepted, nothing is answered). Before the stall watch the run sat silent for minutes (the SDK's 100 s network
/// timeout, four tries, for each upload in flight). Its own Azurite: freezing the shared one would stall other tests.
/// </summary>
public sealed class IndexStallTests : IDisposable
{
    private const int Photos = 600;
    private const int StallSeconds = 2;

    private readonly AzuriteServer _azurite = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("carsearch-stall-").FullName;

    public void Dispose()
    {
        _azurite.Thaw();
        _azurite.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task StorageThatHangsMidRunStopsTheRunWithinTheStallTimeoutAndARerunAfterwardsUploadsEverything()
    {
        var photos = BurstPhotos.Draw(Photos);
        for (var i = 0; i < photos.Count; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(_folder, $"{i:D3}.jpg"), photos[i]);
        }

        const string container = "stall-test";
        var blobs = new Azure.Storage.Blobs.BlobContainerClient(_azurite.ConnectionString, container);
        string[] index = ["index", _folder, "--storage", _azurite.ConnectionString, "--container", container];
        var run = CliRun.InProcessAsync([.. index, "--stall-timeout", $"{StallSeconds}"]);

        // Freeze once uploads are flowing, long before the run could finish.
        var uploaded = 0;
        var waited = Stopwatch.StartNew();
        while (uploaded < 16 && !run.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            // A short pause between listings, so the poll does not compete with the uploads it waits for.
            await Task.Delay(20);
            uploaded = await blobs.ExistsAsync() ? await blobs.GetBlobsAsync().CountAsync() : 0;
        }

        Assert.False(run.IsCompleted, "the run ended before storage could be frozen; the test needs more photos");
        _azurite.Freeze();
        var frozen = Stopwatch.StartNew();
        var result = await run;
        var stoppedAfter = frozen.Elapsed;
        _azurite.Thaw();

        Assert.Equal(1, result.ExitCode);
        Assert.InRange(stoppedAfter, TimeSpan.Zero, TimeSpan.FromSeconds(StallSeconds + 20));
        Assert.Contains("Stopped: storage stopped answering", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"No progress for {StallSeconds} s.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Run the same command again to continue.", result.Stdout, StringComparison.Ordinal);

        // Nothing lost: the same command, with the default stall timeout, finishes the job.
        var rerun = await CliRun.InProcessAsync(index);
        Assert.True(rerun.ExitCode == 0, rerun.Stdout + rerun.Stderr);
        var stored = 0;
        await foreach (var blob in blobs.GetBlobsAsync())
        {
            var name = Path.GetFileNameWithoutExtension(blob.Name);
            var expected = photos[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)];
            Assert.Equal(expected, (await blobs.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray());
            stored++;
        }

        Assert.Equal(Photos, stored);
    }

    [Fact]
    public async Task AStallTimeoutOutOfRangeIsAUsageError()
    {
        var result = await CliRun.InProcessAsync("index", _folder, "--stall-timeout", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--stall-timeout must be between 1 and 3600 seconds.", result.Stderr, StringComparison.Ordinal);
    }
}
