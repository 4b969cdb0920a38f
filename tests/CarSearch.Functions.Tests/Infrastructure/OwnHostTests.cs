namespace CarSearch.Functions.Tests.Infrastructure;

/// <summary>Tests that change data: each test gets its own host (containers, index) over the shared Azurite.</summary>
public abstract class OwnHostTests(FunctionsEnvironment environment) : IAsyncLifetime
{
    private FunctionsTestHost? _host;

    protected FunctionsEnvironment Environment { get; } = environment;

    protected FunctionsTestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public virtual async Task InitializeAsync() => _host = await FunctionsTestHost.StartAsync(Environment.Azurite);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
