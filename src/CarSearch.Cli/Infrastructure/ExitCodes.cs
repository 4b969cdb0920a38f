namespace CarSearch.Cli.Infrastructure;

/// <summary>The process exit codes other tools rely on.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A bad input: a missing model, an unreadable or rejected image, an unreachable service.</summary>
    public const int BadInput = 1;

    /// <summary>The command line itself is wrong: unknown command or option, missing value, nothing to do.</summary>
    public const int UsageError = 2;
}
