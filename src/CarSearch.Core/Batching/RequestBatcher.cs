using System.Threading.Channels;

namespace CarSearch.Core.Batching;

/// <summary>
/// Runs requests the way work that costs little more for many than for one should run: one loop takes every request
/// waiting (up to <see cref="MaxBatch"/>) and runs them together, so a lone request runs at once and a burst is
/// answered in a few runs instead of many runs fighting over two cores. The text tower and the index scan use it.
/// </summary>
/// <typeparam name="TRequest">One caller's request.</typeparam>
/// <typeparam name="TResult">Its answer.</typeparam>
public sealed class RequestBatcher<TRequest, TResult> : IDisposable
{
    private readonly Func<IReadOnlyList<TRequest>, IReadOnlyList<TResult>> _run;
    private readonly Channel<Waiting> _waiting = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> _loop;
    private int _runs;

    /// <param name="run">Answers a batch, one result per request in order; what it throws, every request of the batch throws.</param>
    /// <param name="maxBatch">Most requests in one run; more wait for the next.</param>
    public RequestBatcher(Func<IReadOnlyList<TRequest>, IReadOnlyList<TResult>> run, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _run = run;
        MaxBatch = maxBatch;
        _loop = new Lazy<Task>(() => Task.Run(LoopAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public int MaxBatch { get; }

    /// <summary>Runs so far: how many requests shared one shows what batching saves.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>The answer to <paramref name="request"/>, from the next run that takes it.</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public Task<TResult> RunAsync(TRequest request, CancellationToken cancellationToken = default)
    {
        var waiting = new Waiting(request);
        ObjectDisposedException.ThrowIf(!_waiting.Writer.TryWrite(waiting), this);
        _ = _loop.Value;
        return waiting.Result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Takes no more requests; those already waiting are still run.</summary>
    public void Dispose() => _waiting.Writer.TryComplete();

    private async Task LoopAsync()
    {
        var batch = new List<Waiting>(MaxBatch);
        while (await _waiting.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _waiting.Reader.TryRead(out var waiting))
            {
                batch.Add(waiting);
            }

            Run(batch);
        }
    }

    private void Run(List<Waiting> batch)
    {
        try
        {
            var results = _run([.. batch.Select(waiting => waiting.Request)]);
            Interlocked.Increment(ref _runs);
            if (results.Count != batch.Count)
            {
                throw new InvalidOperationException($"A run of {batch.Count} requests answered {results.Count}.");
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Result.TrySetResult(results[i]);
            }
        }
        catch (Exception failure)
        {
            // Every waiting caller learns why, and the loop goes on with the next requests.
            batch.ForEach(waiting => waiting.Result.TrySetException(failure));
        }
    }

    private sealed record Waiting(TRequest Request)
    {
        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
