using Microsoft.Playwright;

namespace CarSearch.Web.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright. Never a browser Playwright downloads (<c>playwright install</c> cannot
/// reach its servers here): without <see cref="ExecutablePath"/> the tests fail and say how to install it.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Headless in a container: no sandbox (root, no user namespaces), no GPU, and nothing phoning home.</summary>
    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is missing at {ExecutablePath}: install Debian's build with 'apt-get install -y chromium' " +
                "(never 'playwright install', which downloads a browser and fails offline).");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
