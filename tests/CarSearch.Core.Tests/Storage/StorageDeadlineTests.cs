using CarSearch.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace CarSearch.Core.Tests.Storage;

/// <summary>
/// The deadlines of storage calls: a call that keeps reporting progress runs as long as it needs, one that goes quiet
/// fails as unreachable storage does, and the caller's own cancellation stays a cancellation. The clock is moved by
/// hand, so a busy machine cannot make these pass or fail.
/// </summary>
public sealed class StorageDeadlineTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time = new();
    private readonly TaskCompletionSource<string> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IProgress<long>? _progress;
    private CancellationToken _token;

    [Fact]
    public async Task ACallThatKeepsReportingProgressIsNeverCutHoweverLongItRuns()
    {
        var run = StorageDeadline.RunWhileProgressingAsync(Upload, Stall, _time);

        // Ten stall windows in all, a sign of life just inside each: a slow upload that keeps moving.
        for (var sent = 0L; sent < 10; sent++)
        {
            _time.Advance(Stall - Tick);
            _progress!.Report(sent * 4096);
        }

        Assert.False(_token.IsCancellationRequested);
        _answer.SetResult("uploaded");
        Assert.Equal("uploaded", await run);
    }

    [Fact]
    public async Task ACallThatGoesQuietIsCancelledOneWindowAfterItsLastReportAndFailsWithATimeout()
    {
        var run = StorageDeadline.RunWhileProgressingAsync(Upload, Stall, _time);
        _time.Advance(Stall / 2);
        _progress!.Report(1);

        // The window starts again at the report: a moment before its end nothing is cut, at its end the call is.
        _time.Advance(Stall - Tick);
        Assert.False(_token.IsCancellationRequested);
        _time.Advance(Tick);
        Assert.True(_token.IsCancellationRequested);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => run);
        Assert.Equal("No progress for 1.5 s.", error.Message);
    }

    [Fact]
    public async Task ACallWithADeadlineFailsAtItWithATimeoutWhateverItDoes()
    {
        var run = StorageDeadline.RunAsync(token => _answer.Task.WaitAsync(token), TimeSpan.FromSeconds(3), _time);
        _time.Advance(TimeSpan.FromSeconds(3) - Tick);
        Assert.False(run.IsCompleted);
        _time.Advance(Tick);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => run);
        Assert.Equal("No answer within 3 s.", error.Message);
    }

    [Fact]
    public async Task TheCallersOwnCancellationIsNotReportedAsAStall()
    {
        using var caller = new CancellationTokenSource();
        var run = StorageDeadline.RunWhileProgressingAsync(Upload, Stall, _time, caller.Token);

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task AReportAfterTheCallEndedChangesNothing()
    {
        var run = StorageDeadline.RunWhileProgressingAsync(Upload, Stall, _time);
        _answer.SetResult("uploaded");
        Assert.Equal("uploaded", await run);

        // The SDK may report from its own thread after the upload's task completed.
        _progress!.Report(100);
        _time.Advance(Stall * 2);
    }

    private Task<string> Upload(CancellationToken token, IProgress<long> progress)
    {
        _token = token;
        _progress = progress;
        return _answer.Task.WaitAsync(token);
    }
}
