using CarSearch.Cli.Infrastructure;

namespace CarSearch.Cli.Up;

/// <summary>Azurite from the repository's package.json (pinned in package-lock.json), installed with <c>npm ci</c>.</summary>
internal static class AzuriteInstall
{
    /// <summary>The launcher npm puts in node_modules/.bin.</summary>
    public static string Launcher(Checkout checkout) =>
        Path.Combine(checkout.NodeModules, ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");

    /// <summary>
    /// True when Azurite is not installed, or package-lock.json changed since the last install (npm writes
    /// node_modules/.package-lock.json at each install), as tests/run.sh decides.
    /// </summary>
    public static bool NeedsNpmCi(Checkout checkout)
    {
        var installed = new FileInfo(Path.Combine(checkout.NodeModules, ".package-lock.json"));
        return !File.Exists(Launcher(checkout))
            || !installed.Exists
            || File.GetLastWriteTimeUtc(checkout.PackageLock) > installed.LastWriteTimeUtc;
    }

    /// <summary>Runs <c>npm ci</c> in the checkout when <see cref="NeedsNpmCi"/>.</summary>
    public static async Task EnsureInstalledAsync(Checkout checkout, TextWriter output, CancellationToken cancellationToken)
    {
        if (!NeedsNpmCi(checkout))
        {
            return;
        }

        output.WriteLine("Installing Azurite (npm ci)...");
        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        var exitCode = await ChildProcess.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], checkout.Root, output, cancellationToken)
            .ConfigureAwait(false);
        if (exitCode is null)
        {
            throw new CommandLineBadInputException(
                "npm was not found: install Node.js (which brings npm) so 'carsearch up' can install Azurite, or start Azurite yourself and pass --storage.");
        }

        if (exitCode != 0 || !File.Exists(Launcher(checkout)))
        {
            throw new CommandLineBadInputException($"'npm ci' in {checkout.Root} failed (exit code {exitCode}); its output is above.");
        }
    }
}
