using System.Net;
using CarSearch.Cli.Tests.Infrastructure;
using CarSearch.Cli.Up;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Up;

/// <summary>
/// <c>carsearch up</c> end to end: it starts Azurite and serve, answers, and on Ctrl+C stops what it started and only
/// that. Azurite runs on ports of its own here so that a developer's running Azurite is never touched.
/// </summary>
public sealed class UpCommandTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("carsearch-up-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task StartsAzuriteAndServeThenStopsBothOnCtrlC()
    {
        var azuritePort = LocalPorts.FreeRange(3);
        var azuriteData = Path.Combine(_scratch, "azurite");
        using var up = CliChildProcess.Up(azuritePort, azuriteData, Path.Combine(_scratch, "index"));

        var url = await up.WaitUntilListeningAsync();
        await AssertHealthyAsync(url);
        Assert.Equal(PortOccupant.Azurite, await AzuriteProbe.ProbeAsync(azuritePort, CancellationToken.None));
        Assert.True(Directory.EnumerateFileSystemEntries(azuriteData).Any(), "Azurite keeps its data in the folder given");

        await up.InterruptAndWaitAsync();

        Assert.Equal(0, up.ExitCode);
        await AssertNoAzuriteAsync(azuritePort, azuriteData);
    }

    [Fact]
    public async Task ReusesARunningAzuriteAndLeavesItRunning()
    {
        var azuritePort = LocalPorts.FreeRange(3);
        var azuriteData = Path.Combine(_scratch, "azurite");
        using var first = CliChildProcess.Up(azuritePort, azuriteData, Path.Combine(_scratch, "index-1"));
        await first.WaitUntilListeningAsync();

        using (var second = CliChildProcess.Up(azuritePort, Path.Combine(_scratch, "unused"), Path.Combine(_scratch, "index-2")))
        {
            await AssertHealthyAsync(await second.WaitUntilListeningAsync());
            Assert.Contains(second.Output.Lines, line => line.Contains("Using the Azurite already running", StringComparison.Ordinal));

            await second.InterruptAndWaitAsync();
            Assert.Equal(0, second.ExitCode);
        }

        Assert.Equal(PortOccupant.Azurite, await AzuriteProbe.ProbeAsync(azuritePort, CancellationToken.None));
        await first.InterruptAndWaitAsync();
        await AssertNoAzuriteAsync(azuritePort, azuriteData);
    }

    [Fact]
    public async Task AnAzuriteThatDiesIsStartedAgainAndServeNeverStops()
    {
        var azuritePort = LocalPorts.FreeRange(3);
        var azuriteData = Path.Combine(_scratch, "azurite");
        using var up = CliChildProcess.Up(azuritePort, azuriteData, Path.Combine(_scratch, "index"));
        var url = await up.WaitUntilListeningAsync();

        var azurite = Assert.Single(Directory.EnumerateDirectories("/proc"), process =>
            CommandLineOf(process) is var line && line.StartsWith("node ", StringComparison.Ordinal) && line.Contains(azuriteData, StringComparison.Ordinal));
        using (var kill = System.Diagnostics.Process.Start("/bin/kill", ["-KILL", Path.GetFileName(azurite)]))
        {
            await kill.WaitForExitAsync();
        }

        await up.Output.WaitForLineAsync(line => line.Contains("Azurite is running again", StringComparison.Ordinal), "Azurite started again");
        Assert.Contains(up.Output.Lines, line => line.Contains("Azurite exited", StringComparison.Ordinal));
        await AssertHealthyAsync(url);
        Assert.Equal(PortOccupant.Azurite, await AzuriteProbe.ProbeAsync(azuritePort, CancellationToken.None));

        await up.InterruptAndWaitAsync();
        Assert.Equal(0, up.ExitCode);
        await AssertNoAzuriteAsync(azuritePort, azuriteData);
    }

    private static async Task AssertHealthyAsync(Uri url)
    {
        using var client = new HttpClient { BaseAddress = url };
        using var health = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static async Task AssertNoAzuriteAsync(int port, string dataDirectory)
    {
        Assert.Equal(PortOccupant.Nothing, await AzuriteProbe.ProbeAsync(port, CancellationToken.None));
        Assert.Equal(PortOccupant.Nothing, await AzuriteProbe.ProbeAsync(port + 1, CancellationToken.None));
        if (Directory.Exists("/proc"))
        {
            Assert.DoesNotContain(Directory.EnumerateDirectories("/proc"), process => CommandLineOf(process).Contains(dataDirectory, StringComparison.Ordinal));
        }
    }

    private static string CommandLineOf(string processDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(processDirectory, "cmdline")).Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not a process, or one that ended while we looked.
            return "";
        }
    }
}
