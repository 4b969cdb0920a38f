namespace CarSearch.Cli.Infrastructure;

/// <summary>A bad input found by a command itself (e.g. an image path that does not exist); exits with code 1.</summary>
public sealed class CommandLineBadInputException(string message) : Exception(message);
