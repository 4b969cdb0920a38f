using CarSearch.Tests;
using CarSearch.Web.Tests.Infrastructure;

namespace CarSearch.Web.Tests;

/// <summary>The make filter narrows every kind of search to that make, and suggests the makes seen.</summary>
[Collection(SearchPageInChromium.Name)]
public sealed class MakeFilterTests(SearchPageFixture fixture)
{
    private static string Text => KitCatalog.SearchableRankings.First().Text;

    public static TheoryData<string> Makes => [.. SeedCatalog.Makes];

    [Theory]
    [MemberData(nameof(Makes))]
    public async Task TheFilterNarrowsTextResultsToThatMake(string make)
    {
        await using var page = await fixture.OpenAsync();
        await page.SearchTextAsync(Text);
        Assert.True((await page.ChipValuesAsync(SeedCatalog.MakeField)).Distinct().Count() > 1, "unfiltered results show several makes");

        await page.FilterByMakeAsync(make);

        var makes = await page.ChipValuesAsync(SeedCatalog.MakeField);
        Assert.Equal(SeedCatalog.Images.Count(image => SeedCatalog.MakeOf(image) == make), makes.Length);
        Assert.All(makes, shown => Assert.Equal(make, shown));
        Assert.Contains($"with make “{make}”", await page.Summary.TextContentAsync(), StringComparison.Ordinal);
        if (make == SeedCatalog.Makes[^1])
        {
            await page.ScreenshotAsync("make-filter");
        }
    }

    [Fact]
    public async Task TheFilterAppliesToPhotoSearchesAndMoreLikeThis()
    {
        var photo = SeedCatalog.Images[0];
        var make = SeedCatalog.Makes.First(other => other != SeedCatalog.MakeOf(photo));
        await using var page = await fixture.OpenAsync();
        await page.FilterByMakeAsync(make);

        await page.ChooseFileAsync(photo.File, photo.ReadBytes(), "image/png");

        Assert.DoesNotContain(photo.File, await page.ResultNamesAsync());
        Assert.All(await page.ChipValuesAsync(SeedCatalog.MakeField), shown => Assert.Equal(make, shown));

        await page.ResultButtons.First.ClickAsync();
        await page.WaitForIdleAsync();

        Assert.StartsWith("More like ", await page.Heading.TextContentAsync(), StringComparison.Ordinal);
        Assert.All(await page.ChipValuesAsync(SeedCatalog.MakeField), shown => Assert.Equal(make, shown));
    }

    [Fact]
    public async Task ClearingTheFilterShowsEveryMakeAgainAndTheMakesSeenAreSuggested()
    {
        await using var page = await fixture.OpenAsync();
        await page.SearchTextAsync(Text);
        await page.FilterByMakeAsync(SeedCatalog.Makes[0]);

        await page.FilterByMakeAsync("");

        Assert.Equal(SeedCatalog.Images.Count, (await page.ResultNamesAsync()).Count);
        var suggested = await page.Page.Locator("#makes option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal(SeedCatalog.Makes.Order(StringComparer.Ordinal), suggested.Order(StringComparer.Ordinal));
    }
}
