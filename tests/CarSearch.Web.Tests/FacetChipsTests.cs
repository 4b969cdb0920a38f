using CarSearch.Web.Tests.Infrastructure;
using static CarSearch.Web.Tests.Infrastructure.SearchTexts;

namespace CarSearch.Web.Tests;

/// <summary>
/// The facets an answer carries are chips with counts; pressing one filters on it (in the address, so Back undoes it),
/// pressing it again removes the filter.
/// </summary>
[Collection(SearchPageInChromium.Name)]
public sealed class FacetChipsTests(SearchPageFixture fixture)
{
    [Fact]
    public async Task AFacetChipFiltersOnItsValueAndPressingItAgainRemovesTheFilter()
    {
        await using var page = await fixture.OpenAsync();
        await page.SearchTextAsync(Text);
        var all = await page.ResultNamesAsync();
        Assert.True(await page.Page.Locator("#facets").IsVisibleAsync(), "an answer with facets shows them");
        var chip = page.Page.Locator("#facets button.facet").First;
        var field = (await chip.GetAttributeAsync("data-field"))!;
        var value = (await chip.GetAttributeAsync("data-value"))!;
        var count = int.Parse((await chip.Locator(".facet-count").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("auto.", field, StringComparison.Ordinal);
        // The count is how many of the results on screen carry the value (all fit on one page).
        Assert.Equal(count, (await page.ChipValuesAsync(field)).Count(shown => shown == value));
        Assert.Equal("false", await chip.GetAttributeAsync("aria-pressed"));

        // Cards show each zero-shot label, not the margin the API keeps beside it.
        Assert.All(await page.ChipValuesAsync(field), shown => Assert.NotEmpty(shown));
        Assert.All(await page.ChipValuesAsync($"{field}.margin"), shown => Assert.Empty(shown));

        await chip.ClickAsync();
        await page.WaitForIdleAsync();

        Assert.Equal(value, page.Address[field]);
        var expected = await ApiSearches.GetAsync(fixture.Api, $"q={Uri.EscapeDataString(Text)}&{Uri.EscapeDataString(field)}={Uri.EscapeDataString(value)}");
        Assert.Equal(expected.Select(hit => hit.Name), await page.ResultNamesAsync());
        Assert.Equal(count, expected.Count);
        Assert.All(await page.ChipValuesAsync(field), shown => Assert.Equal(value, shown));
        Assert.Contains($"{field}: {value}", await page.TermsShownAsync());
        var pressed = page.Page.Locator($"#facets button.facet[aria-pressed=true]");
        Assert.Equal(value, await pressed.GetAttributeAsync("data-value"));
        await page.ScreenshotAsync("facets");

        await pressed.ClickAsync();
        await page.WaitForIdleAsync();

        Assert.Null(page.Address[field]);
        Assert.Equal(all, await page.ResultNamesAsync());
    }

    [Fact]
    public async Task AnAddressWithAFacetFilterShowsThatSearchWithItsChipPressed()
    {
        using var answer = System.Text.Json.JsonDocument.Parse(
            await fixture.Api.GetStringAsync($"api/search?q={Uri.EscapeDataString(Text)}&top={ApiSearches.PageSize}"));
        var (field, value) = answer.RootElement.GetProperty("facets").EnumerateObject()
            .SelectMany(facet => facet.Value.EnumerateObject().Select(label => (facet.Name, label.Name)))
            .First();
        var filter = $"{Uri.EscapeDataString(field)}={Uri.EscapeDataString(value)}";

        await using var page = await fixture.OpenAsync(query: $"?q={Uri.EscapeDataString(Text)}&{filter}");
        await page.WaitForIdleAsync();

        var expected = await ApiSearches.GetAsync(fixture.Api, $"q={Uri.EscapeDataString(Text)}&{filter}");
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(hit => hit.Name), await page.ResultNamesAsync());
        Assert.All(await page.ChipValuesAsync(field), shown => Assert.Equal(value, shown));
        var pressed = page.Page.Locator("#facets button.facet[aria-pressed=true]");
        Assert.Equal(value, await pressed.GetAttributeAsync("data-value"));
        Assert.Equal(field, await pressed.GetAttributeAsync("data-field"));
    }
}
