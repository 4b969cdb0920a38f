using CarSearch.Tests;
using CarSearch.Web.Tests.Infrastructure;

namespace CarSearch.Web.Tests;

/// <summary>Opening a result shows its neighbours under a heading that says so, and the way back returns to where it was.</summary>
[Collection(SearchPageInChromium.Name)]
public sealed class MoreLikeThisTests(SearchPageFixture fixture)
{
    private static string Text => KitCatalog.SearchableRankings.First().Text;

    [Fact]
    public async Task ClickingAResultShowsItsNeighboursWithoutIt()
    {
        await using var page = await fixture.OpenAsync();
        await page.SearchTextAsync(Text);
        var clicked = (await page.ResultNamesAsync())[1];

        await page.ResultButtons.Nth(1).ClickAsync();
        await page.WaitForIdleAsync();

        Assert.Equal($"More like {clicked}", await page.Heading.TextContentAsync());
        var neighbours = await page.ResultNamesAsync();
        Assert.DoesNotContain(clicked, neighbours);
        Assert.Equal(SeedCatalog.Images.Select(image => image.File).Where(file => file != clicked).Order(StringComparer.Ordinal),
            neighbours.Order(StringComparer.Ordinal));
        Assert.True(await page.Back.IsVisibleAsync());
        Assert.Contains($"results for “{Text}”", await page.Back.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("results-heading", await page.Page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Empty(page.ScriptErrors);
        await page.ScreenshotAsync("more-like-this");
    }

    [Fact]
    public async Task BackReturnsToTheResultsWithTheOpenedOneFocused()
    {
        await using var page = await fixture.OpenAsync();
        await page.SearchTextAsync(Text);
        var before = await page.ResultNamesAsync();
        await page.ResultButtons.Nth(2).ClickAsync();
        await page.WaitForIdleAsync();
        await page.ResultButtons.First.ClickAsync();
        await page.WaitForIdleAsync();

        await page.Back.ClickAsync();
        await page.WaitForIdleAsync();
        Assert.StartsWith("More like ", await page.Heading.TextContentAsync(), StringComparison.Ordinal);
        await page.Back.ClickAsync();
        await page.WaitForIdleAsync();

        Assert.Equal($"Results for “{Text}”", await page.Heading.TextContentAsync());
        Assert.Equal(before, await page.ResultNamesAsync());
        Assert.False(await page.Back.IsVisibleAsync());
        Assert.Equal(before[2], await page.Page.EvaluateAsync<string>(
            "() => document.activeElement.querySelector('.result-name')?.textContent ?? ''"));
    }

    [Fact]
    public async Task KeyboardOnlyTabToAResultAndEnterOpensMoreLikeThis()
    {
        await using var page = await fixture.OpenAsync();
        var keyboard = page.Page.Keyboard;

        // From the top of the page: the skip link, then the search box.
        await keyboard.PressAsync("Tab");
        Assert.Equal("Skip to results", await FocusedTextAsync(page));
        await keyboard.PressAsync("Tab");
        Assert.Equal("query", await page.Page.EvaluateAsync<string>("() => document.activeElement.id"));
        await keyboard.TypeAsync(Text);
        await keyboard.PressAsync("Enter");
        await page.WaitForIdleAsync();

        var first = (await page.ResultNamesAsync())[0];
        await TabUntilAsync(page, "() => document.activeElement.classList.contains('result-button')");
        Assert.Contains(first, await FocusedTextAsync(page), StringComparison.Ordinal);
        Assert.NotEqual("none", await page.Page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.ScreenshotAsync("keyboard-focus");

        await keyboard.PressAsync("Enter");
        await page.WaitForIdleAsync();

        Assert.Equal($"More like {first}", await page.Heading.TextContentAsync());
        Assert.DoesNotContain(first, await page.ResultNamesAsync());

        // Space works as on any button, from the neighbours onwards.
        await TabUntilAsync(page, "() => document.activeElement.classList.contains('result-button')");
        var next = await page.Page.EvaluateAsync<string>("() => document.activeElement.querySelector('.result-name').textContent");
        await keyboard.PressAsync("Space");
        await page.WaitForIdleAsync();
        Assert.Equal($"More like {next}", await page.Heading.TextContentAsync());
    }

    private static Task<string> FocusedTextAsync(SearchPage page) =>
        page.Page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()");

    /// <summary>Presses Tab until <paramref name="predicate"/> holds for the focused element; fails after a page's worth of stops.</summary>
    private static async Task TabUntilAsync(SearchPage page, string predicate)
    {
        const int maxStops = 40;
        for (var i = 0; i < maxStops; i++)
        {
            await page.Page.Keyboard.PressAsync("Tab");
            if (await page.Page.EvaluateAsync<bool>(predicate))
            {
                return;
            }
        }

        Assert.Fail($"No element matching {predicate} within {maxStops} Tab presses.");
    }
}
