using System.Diagnostics;
using CarSearch.Tests;

namespace CarSearch.Infra.Tests.Publishing;

/// <summary>Runs <c>dotnet publish</c> as a child process and hands back its exit code and everything it printed.</summary>
internal static class DotnetPublish
{
    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("publish");
        start.ArgumentList.Add("-nologo");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var run = ChildProcess.Run(start, timeout, "dotnet publish");
        return (run.ExitCode, run.Output + run.Errors);
    }
}
