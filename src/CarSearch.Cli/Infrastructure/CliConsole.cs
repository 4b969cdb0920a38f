namespace CarSearch.Cli.Infrastructure;

/// <summary>
/// Where a command writes: results to <see cref="Out"/> (machine-readable, one item per line), problems to
/// <see cref="Error"/>. Injected so tests run the CLI in-process and read both streams.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error);
