using System.Globalization;
using CarSearch.Tests;
using CarSearch.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static CarSearch.Web.Tests.Infrastructure.SearchTexts;
using static Microsoft.Playwright.Assertions;

namespace CarSearch.Web.Tests;

/// <summary>
/// A search is its address: opening one runs that search, every search the page runs puts itself in the address, and
/// the browser's Back and Forward move between them.
/// </summary>
[Collection(SearchPageInChromium.Name)]
public sealed class SearchAddressTests(SearchPageFixture fixture)
{
    [Fact]
    public async Task OpeningAnAddressWithATextRunsThatSearch()
    {
        await using var page = await fixture.OpenAsync(query: "?q=" + Uri.EscapeDataString(Text));
        await page.WaitForIdleAsync();

        var expected = await ApiSearches.GetAsync(fixture.Api, "q=" + Uri.EscapeDataString(Text));
        Assert.Equal(expected.Select(hit => hit.Name), await page.ResultNamesAsync());
        Assert.Equal($"Results for “{Text}”", await page.Heading.TextContentAsync());
        Assert.Equal(Text, await page.Query.InputValueAsync());
        Assert.Equal([Text], await page.TermsShownAsync());
        Assert.Empty(page.ScriptErrors);
        await page.ScreenshotAsync("address-text");
    }

    [Fact]
    public async Task OpeningAnAddressWithLikeShowsMoreLikeThatImage()
    {
        var liked = SeedCatalog.Images[2].File;
        await using var page = await fixture.OpenAsync(query: "?like=" + Uri.EscapeDataString(liked));
        await page.WaitForIdleAsync();

        var expected = await ApiSearches.GetAsync(fixture.Api, "like=" + Uri.EscapeDataString(liked));
        var names = await page.ResultNamesAsync();
        Assert.Equal(expected.Select(hit => hit.Name), names);
        Assert.DoesNotContain(liked, names);
        Assert.Equal(SeedCatalog.Images.Count - 1, names.Count);
        Assert.Equal($"More like {liked}", await page.Heading.TextContentAsync());
        Assert.Equal([$"like {liked}"], await page.TermsShownAsync());
        Assert.True(await page.Page.Locator("#query-preview").IsVisibleAsync(), "the image searched like is shown beside the heading");
    }

    /// <summary>
    /// Words to avoid, a filter and a cut-off from the address reach the API as the same GET parameters; the cut-off
    /// is chosen between the scores this search reaches, so it must leave some results out.
    /// </summary>
    [Fact]
    public async Task AComposedAddressRunsThatSearchWithItsFilterAndCutOff()
    {
        var make = SeedCatalog.Makes[0];
        var search = $"q={Uri.EscapeDataString(Text)}&not={Uri.EscapeDataString(OtherText)}&make={Uri.EscapeDataString(make)}";
        var uncut = await ApiSearches.GetAsync(fixture.Api, search);
        Assert.True(uncut.Count >= 2, "the make has at least two images to cut between");
        var minScore = Math.Round((uncut[0].Score + uncut[^1].Score) / 2, 4).ToString(CultureInfo.InvariantCulture);
        var expected = await ApiSearches.GetAsync(fixture.Api, $"{search}&minScore={minScore}");
        Assert.InRange(expected.Count, 1, uncut.Count - 1);

        await using var page = await fixture.OpenAsync(query: $"?{search}&minScore={minScore}");
        await page.WaitForIdleAsync();

        Assert.Equal(expected.Select(hit => hit.Name), await page.ResultNamesAsync());
        Assert.All(await page.ChipValuesAsync(SeedCatalog.MakeField), shown => Assert.Equal(make, shown));
        Assert.Equal([Text, $"not {OtherText}", $"make: {make}"], await page.TermsShownAsync());
        Assert.Equal($"Results for “{Text}”, not “{OtherText}”", await page.Heading.TextContentAsync());
        Assert.Equal(make, await page.MakeFilter.InputValueAsync());
        Assert.True(await page.CloseOnly.IsCheckedAsync(), "the cut-off toggle shows the address's cut-off in force");
        Assert.Contains($"scoring at least {minScore}", await page.Summary.TextContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("address-composed");
    }

    [Fact]
    public async Task EverySearchPutsItselfInTheAddressAndBackAndForwardMoveBetweenThem()
    {
        await using var page = await fixture.OpenAsync();
        await page.SearchTextAsync(Text);
        Assert.Equal(Text, page.Address["q"]);
        var first = await page.ResultNamesAsync();
        await page.SearchTextAsync(OtherText);
        var second = await page.ResultNamesAsync();
        Assert.Equal(OtherText, page.Address["q"]);
        var opened = second[0];
        await page.ResultButtons.First.ClickAsync();
        await page.WaitForIdleAsync();
        Assert.Equal(opened, page.Address["like"]);
        Assert.Null(page.Address["q"]);

        await page.Page.GoBackAsync();
        await Expect(page.Heading).ToHaveTextAsync($"Results for “{OtherText}”");
        await page.WaitForIdleAsync();
        Assert.Equal(second, await page.ResultNamesAsync());
        Assert.Equal(OtherText, await page.Query.InputValueAsync());
        // Back from "more like this" puts the focus on the result it was opened from.
        Assert.Equal(opened, await page.Page.EvaluateAsync<string>("() => document.activeElement.dataset.id ?? ''"));

        await page.Page.GoBackAsync();
        await Expect(page.Heading).ToHaveTextAsync($"Results for “{Text}”");
        await page.WaitForIdleAsync();
        Assert.Equal(first, await page.ResultNamesAsync());
        Assert.Equal(Text, page.Address["q"]);
        Assert.Equal(Text, await page.Query.InputValueAsync());

        await page.Page.GoForwardAsync();
        await page.Page.GoForwardAsync();
        await Expect(page.Heading).ToHaveTextAsync($"More like {opened}");
        await page.WaitForIdleAsync();
        Assert.DoesNotContain(opened, await page.ResultNamesAsync());
        Assert.Equal(opened, page.Address["like"]);
        Assert.Empty(page.ScriptErrors);
    }

    /// <summary>The address is all a search needs: the same address in a fresh tab (a shared link) shows the same.</summary>
    [Fact]
    public async Task AnAddressTheSearchesMadeOpensTheSameSearchElsewhere()
    {
        string address;
        IReadOnlyList<string> shown;
        string heading;
        await using (var page = await fixture.OpenAsync())
        {
            await page.SearchTextAsync(Text);
            await page.Card((await page.ResultNamesAsync())[1]).GetByRole(AriaRole.Button, new() { Name = "Not like", Exact = false }).ClickAsync();
            await page.WaitForIdleAsync();
            await page.FilterByMakeAsync(SeedCatalog.Makes[1]);
            address = page.Page.Url;
            shown = await page.ResultNamesAsync();
            heading = (await page.Heading.TextContentAsync())!;
        }

        await using var shared = await fixture.OpenAsync(query: new Uri(address).Query);
        await shared.WaitForIdleAsync();

        Assert.NotEmpty(shown);
        Assert.Equal(shown, await shared.ResultNamesAsync());
        Assert.Equal(heading, await shared.Heading.TextContentAsync());
        Assert.All(await shared.ChipValuesAsync(SeedCatalog.MakeField), make => Assert.Equal(SeedCatalog.Makes[1], make));
    }

    /// <summary>A photo cannot go in an address, but its search is still a history entry while the tab is open.</summary>
    [Fact]
    public async Task BackReturnsToAPhotoSearchThoughItsPhotoIsNotInTheAddress()
    {
        var photo = SeedCatalog.Images[0];
        await using var page = await fixture.OpenAsync();
        await page.ChooseFileAsync(photo.File, photo.ReadBytes(), "application/octet-stream");
        var found = await page.ResultNamesAsync();
        var heading = (await page.Heading.TextContentAsync())!;
        Assert.Equal(photo.File, found[0]);
        Assert.Empty(page.Address);
        // Its results offer no "not like this": a photo has no id to compose with in the address.
        Assert.Equal(0, await page.Page.Locator("#results .result-actions button", new() { HasTextString = "Not like this" }).CountAsync());

        await page.ResultButtons.Nth(1).ClickAsync();
        await page.WaitForIdleAsync();
        Assert.Equal(found[1], page.Address["like"]);

        await page.Page.GoBackAsync();
        await Expect(page.Heading).ToHaveTextAsync(heading);
        await page.WaitForIdleAsync();
        Assert.Equal(found, await page.ResultNamesAsync());
        Assert.True(await page.Page.Locator("#query-preview").IsVisibleAsync(), "the photo searched with is shown again");
        Assert.Empty(page.Address);
    }
}
