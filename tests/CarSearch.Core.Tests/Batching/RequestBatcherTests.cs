using CarSearch.Core.Batching;

namespace CarSearch.Core.Tests.Batching;

/// <summary>
/// The loop behind the text tower's and the index scan's batching: how requests are grouped into runs, and what a
/// caller gets when a run fails or the batcher is disposed. (Sharing a run and a failed run's reason reaching every
/// caller are also checked through <c>TextQueryEmbedder</c>.)
/// </summary>
public sealed class RequestBatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RequestsWaitingWhileARunsGoesOnShareTheNextRunsAtMostMaxBatchEachAndGetTheirOwnAnswers()
    {
        using var firstRunHeld = new ManualResetEventSlim();
        using var firstRunStarted = new ManualResetEventSlim();
        var runs = new List<int[]>();
        using var batcher = new RequestBatcher<int, string>(
            batch =>
            {
                lock (runs)
                {
                    runs.Add([.. batch]);
                }

                firstRunStarted.Set();
                firstRunHeld.Wait(Patience);
                return [.. batch.Select(request => $"answer to {request}")];
            },
            maxBatch: 3);

        var first = batcher.RunAsync(0);
        Assert.True(firstRunStarted.Wait(Patience), "The first request did not start a run.");
        var waiting = Enumerable.Range(1, 7).Select(request => batcher.RunAsync(request)).ToList();
        firstRunHeld.Set();
        var answers = await Task.WhenAll([first, .. waiting]).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 8).Select(request => $"answer to {request}"), answers);
        Assert.Equal([[0], [1, 2, 3], [4, 5, 6], [7]], runs);
        Assert.Equal(4, batcher.Runs);
    }

    [Fact]
    public async Task ARunThatAnswersTheWrongNumberFailsItsRequestsAndTheNextRunStillAnswers()
    {
        var calls = 0;
        using var batcher = new RequestBatcher<int, int>(
            batch => Interlocked.Increment(ref calls) == 1 ? [] : [.. batch.Select(request => request * 10)],
            maxBatch: 4);

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.RunAsync(1).WaitAsync(Patience));
        Assert.Contains("A run of 1 requests answered 0", failed.Message, StringComparison.Ordinal);
        Assert.Equal(20, await batcher.RunAsync(2).WaitAsync(Patience));
    }

    [Fact]
    public async Task AfterDisposeANewRequestIsRefused()
    {
        var batcher = new RequestBatcher<int, int>(batch => [.. batch], maxBatch: 2);
        Assert.Equal(5, await batcher.RunAsync(5).WaitAsync(Patience));

        batcher.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.RunAsync(6));
    }
}
