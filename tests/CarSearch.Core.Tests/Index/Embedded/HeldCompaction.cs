namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>
/// The index's snapshot-write seam as a test holds it: while armed, a compaction that reaches the snapshot write says
/// so and waits there until released, so a test can act in the middle of a compaction without timing anything.
/// </summary>
internal sealed class HeldCompaction : IDisposable
{
    /// <summary>Only a guard against a hung test: the tests wait for events, never for a time.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    private readonly ManualResetEventSlim _released = new(initialState: true);
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next compaction stops before writing its snapshot.</summary>
    public void Arm()
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _released.Reset();
    }

    /// <summary>Completes when an armed compaction is waiting before its snapshot write.</summary>
    public Task ReachedAsync() => _reached.Task.WaitAsync(Guard);

    public void Release() => _released.Set();

    /// <summary>The seam itself (<c>BeforeSnapshotWrite</c>).</summary>
    public void BeforeSnapshotWrite()
    {
        if (!_released.IsSet)
        {
            _reached.TrySetResult();
            _released.Wait(Guard);
        }
    }

    public void Dispose()
    {
        _released.Set();
        _released.Dispose();
    }
}
