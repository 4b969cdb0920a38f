namespace CarSearch.Cli.Tests.Infrastructure;

/// <summary>
/// Runs <c>carsearch</c> in-process on a pool thread: the async commands (index, search) are driven synchronously by
/// the command-line parser, and blocking on them from xunit's synchronisation context could starve it.
/// </summary>
internal static class CliRun
{
    public static Task<CliResult> InProcessAsync(params string[] args) => Task.Run(() => CliRunner.Run(args));
}
