namespace CarSearch.Cli.Infrastructure;

/// <summary>A usage error found by a command itself (e.g. an option without its value); exits with code 2.</summary>
public sealed class CommandLineUsageException(string message) : Exception(message);
