using CarSearch.Tests;
using Microsoft.Playwright;

namespace CarSearch.Web.Tests.Infrastructure;

/// <summary>
/// Started once for every browser test: <c>carsearch serve</c> (seeded with <see cref="SeedCatalog"/>) and Chromium.
/// Each test opens its own <see cref="SearchPage"/> in a fresh browser context (no shared cookies, storage or cache).
/// </summary>
public class SearchPageFixture : IAsyncLifetime
{
    private CarSearchServe? _serve;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public CarSearchServe Serve => _serve ?? throw new InvalidOperationException("carsearch serve has not started.");

    /// <summary>A client for the same API the page calls, to compare what the page shows with what the API says.</summary>
    public HttpClient Api { get; private set; } = new();

    /// <summary>Screenshots land here (CI keeps artifacts/).</summary>
    public static string ScreenshotDirectory => Path.Combine(RepositoryRoot.Directory, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        (_playwright, _browser) = await Chromium.LaunchAsync();
        _serve = await CarSearchServe.StartAsync();
        await _serve.SeedAsync(Seeds());
        Api = new HttpClient { BaseAddress = _serve.BaseUrl };
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>Opens the page (with <paramref name="query"/> on its address, e.g. <c>?code=KEY</c>) in a new context.</summary>
    /// <param name="beforeLoad">Runs on the tab before the page loads (e.g. to install a fake clock).</param>
    public async Task<SearchPage> OpenAsync(int width = 1280, int height = 900, string query = "", Func<IPage, Task>? beforeLoad = null)
    {
        var browser = _browser ?? throw new InvalidOperationException("The browser has not started.");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        var searchPage = new SearchPage(context, page);
        if (beforeLoad is not null)
        {
            await beforeLoad(page);
        }

        await page.GotoAsync(new Uri(Serve.BaseUrl, query).ToString());
        await searchPage.WaitForStatusAsync();
        return searchPage;
    }

    /// <summary>What serve is seeded with: <see cref="SeedCatalog"/>, unless a fixture for other tests says otherwise.</summary>
    protected virtual IReadOnlyList<SeedImage> Seeds() => SeedCatalog.Seeds();

    public async Task DisposeAsync()
    {
        Api.Dispose();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SearchPageInChromium : ICollectionFixture<SearchPageFixture>
{
    public const string Name = "Search page in Chromium";
}
