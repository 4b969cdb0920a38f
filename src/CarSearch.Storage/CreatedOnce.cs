namespace CarSearch.Storage;

/// <summary>
/// A container or queue the app creates itself, on first use and once per process, so no call meets it missing and no
/// call pays for asking again.
/// </summary>
internal sealed class CreatedOnce(Func<CancellationToken, Task> create) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                await create(cancellationToken).ConfigureAwait(false);
                _created = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
