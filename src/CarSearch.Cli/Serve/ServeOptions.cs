namespace CarSearch.Cli.Serve;

/// <summary>
/// What <c>carsearch serve</c> was asked for, after the command line is parsed. Null means "not given": the
/// setting then comes from the environment, else from the default in <see cref="ServeConfiguration"/>.
/// </summary>
/// <param name="ModelDirectory">A complete model folder (already resolved, so a missing model fails before anything starts).</param>
/// <param name="Port">TCP port on 127.0.0.1; 0 picks a free one (the log says which).</param>
public sealed record ServeOptions(
    string ModelDirectory,
    int Port = ServeOptions.DefaultPort,
    string? Storage = null,
    string? Container = null,
    string? IndexDirectory = null)
{
    /// <summary>The port <c>func start</c> uses, so the same URLs work against either host.</summary>
    public const int DefaultPort = 7071;

    public const int HighestPort = 65535;
}
