using CarSearch.Tests;
using CarSearch.Web.Tests.Infrastructure;

namespace CarSearch.Web.Tests;

/// <summary>Phone widths, labelled controls, announced changes, the function key and a clean console.</summary>
[Collection(SearchPageInChromium.Name)]
public sealed class LayoutAndAccessTests(SearchPageFixture fixture)
{
    [Theory]
    [InlineData(375, 812)]
    [InlineData(360, 740)]
    public async Task APhoneWidthNeedsNoHorizontalScroll(int width, int height)
    {
        await using var page = await fixture.OpenAsync(width, height);
        await page.SearchTextAsync(KitCatalog.SearchableRankings.First().Text);
        await page.LoadAllThumbnailsAsync();

        var overflow = await page.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than a {width} px screen");
        var widest = await page.Page.EvaluateAsync<double>(
            "() => Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right))");
        Assert.True(widest <= width, $"an element reaches {widest} px on a {width} px screen");
        if (width == 375)
        {
            await page.ScreenshotAsync("phone-375");
        }
    }

    [Fact]
    public async Task EveryControlHasALabelResultsAreButtonsAndChangesAreAnnounced()
    {
        await using var page = await fixture.OpenAsync();
        await page.SearchTextAsync(KitCatalog.SearchableRankings.First().Text);

        var unlabelled = await page.Page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll("input:not([type=hidden]):not([hidden]), select, textarea")]
              .filter((control) => control.labels.length === 0 && !control.getAttribute("aria-label"))
              .map((control) => control.id || control.outerHTML)
            """);
        Assert.Empty(unlabelled);
        Assert.Equal("polite", await page.Summary.GetAttributeAsync("aria-live"));
        Assert.Equal("alert", await page.Error.GetAttributeAsync("role"));
        Assert.Equal("search", await page.Page.Locator("#text-search").GetAttributeAsync("role"));
        Assert.Equal("OL", await page.Page.Locator("#results").EvaluateAsync<string>("list => list.tagName"));
        var items = await page.Page.Locator("#results > li").CountAsync();
        Assert.Equal(SeedCatalog.Images.Count, items);
        Assert.Equal(items, await page.Page.Locator("#results > li > button[type=button]").CountAsync());
        // Besides the card's own button, a result offers exactly its two actions, each naming the image it acts on.
        var actions = await page.Page.Locator("#results .result-actions > button").EvaluateAllAsync<string[]>(
            "buttons => buttons.map((b) => b.getAttribute('aria-label') ?? '')");
        Assert.Equal(items * 2, actions.Length);
        var names = await page.ResultNamesAsync();
        Assert.All(names, name =>
        {
            Assert.Contains($"Like {name}, but…", actions);
            Assert.Contains($"Not like {name}", actions);
        });
        var unnamed = await page.Page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll("button, a, [tabindex]")]
              .filter((control) => control.checkVisibility() && !(control.getAttribute("aria-label") || control.textContent.trim()))
              .map((control) => control.outerHTML)
            """);
        Assert.Empty(unnamed);
    }

    [Fact]
    public async Task AFunctionKeyOnThePageAddressGoesWithEveryApiCall()
    {
        const string key = "test-key_123";
        var apiCalls = new List<string>();
        await using var page = await fixture.OpenAsync(query: $"?code={key}");
        page.Page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath.StartsWith("/api/", StringComparison.Ordinal))
            {
                lock (apiCalls)
                {
                    apiCalls.Add(request.Url);
                }
            }
        };

        await page.SearchTextAsync(KitCatalog.SearchableRankings.First().Text);
        await page.LoadAllThumbnailsAsync();
        await page.ResultButtons.First.ClickAsync();
        await page.WaitForIdleAsync();
        await page.Page.Locator("#refresh-status").ClickAsync();
        await page.WaitForStatusAsync();

        string[] calls;
        lock (apiCalls)
        {
            calls = [.. apiCalls];
        }

        Assert.Contains(calls, url => url.Contains("/api/search?q=", StringComparison.Ordinal));
        Assert.Contains(calls, url => url.Contains("/thumbnail?", StringComparison.Ordinal));
        // "More like this" is a search with like=ID.
        Assert.Contains(calls, url => url.Contains("/api/search?like=", StringComparison.Ordinal));
        Assert.All(calls, url => Assert.Equal(key, System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)["code"]));

        // The page's own address keeps the key as it follows the searches, so a reload or a shared link still works.
        Assert.Equal(key, System.Web.HttpUtility.ParseQueryString(new Uri(page.Page.Url).Query)["code"]);
    }

    [Fact]
    public async Task ThePageLoadsWithoutScriptErrorsOrPolicyViolations()
    {
        await using var page = await fixture.OpenAsync();
        await page.SearchTextAsync(KitCatalog.SearchableRankings.First().Text);
        await page.LoadAllThumbnailsAsync();

        Assert.Empty(page.ScriptErrors);
        Assert.Equal("CarSearch", await page.Page.TitleAsync());
        await page.ScreenshotAsync("desktop");
    }
}
