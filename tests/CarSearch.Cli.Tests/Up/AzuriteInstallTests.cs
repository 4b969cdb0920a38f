using CarSearch.Cli.Up;

namespace CarSearch.Cli.Tests.Up;

/// <summary>When <c>carsearch up</c> runs <c>npm ci</c>: Azurite missing, or the lock file changed since the last install.</summary>
public sealed class AzuriteInstallTests : IDisposable
{
    private readonly Checkout _checkout = new(Directory.CreateTempSubdirectory("carsearch-up-checkout-").FullName);

    public void Dispose() => Directory.Delete(_checkout.Root, recursive: true);

    [Fact]
    public void NeedsNpmCiWhenNothingIsInstalled()
    {
        File.WriteAllText(_checkout.PackageLock, "{}");

        Assert.True(AzuriteInstall.NeedsNpmCi(_checkout));
    }

    [Fact]
    public void NeedsNothingWhenAzuriteWasInstalledFromTheCurrentLockFile()
    {
        Install(lockWritten: DateTime.UtcNow.AddMinutes(-10), installed: DateTime.UtcNow.AddMinutes(-5));

        Assert.False(AzuriteInstall.NeedsNpmCi(_checkout));
    }

    [Fact]
    public void NeedsNpmCiWhenTheLockFileChangedAfterTheInstall()
    {
        Install(lockWritten: DateTime.UtcNow.AddMinutes(-1), installed: DateTime.UtcNow.AddMinutes(-5));

        Assert.True(AzuriteInstall.NeedsNpmCi(_checkout));
    }

    [Fact]
    public void NeedsNpmCiWhenTheLauncherIsGone()
    {
        Install(lockWritten: DateTime.UtcNow.AddMinutes(-10), installed: DateTime.UtcNow.AddMinutes(-5));
        File.Delete(AzuriteInstall.Launcher(_checkout));

        Assert.True(AzuriteInstall.NeedsNpmCi(_checkout));
    }

    [Fact]
    public void TheRepositoryItselfIsInstalledForTheTests()
    {
        // The end-to-end tests of up must reuse this install, never run npm ci concurrently.
        Assert.False(AzuriteInstall.NeedsNpmCi(new Checkout(CarSearch.Tests.RepositoryRoot.Directory)));
    }

    private void Install(DateTime lockWritten, DateTime installed)
    {
        File.WriteAllText(_checkout.PackageLock, "{}");
        File.SetLastWriteTimeUtc(_checkout.PackageLock, lockWritten);
        var launcher = AzuriteInstall.Launcher(_checkout);
        Directory.CreateDirectory(Path.GetDirectoryName(launcher)!);
        File.WriteAllText(launcher, "#!/bin/sh\n");
        var record = Path.Combine(_checkout.NodeModules, ".package-lock.json");
        File.WriteAllText(record, "{}");
        File.SetLastWriteTimeUtc(record, installed);
    }
}
