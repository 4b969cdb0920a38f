using CarSearch.Web.Tests.Infrastructure;
using static CarSearch.Web.Tests.Infrastructure.SearchTexts;
using static Microsoft.Playwright.Assertions;

namespace CarSearch.Web.Tests;

/// <summary>
/// Near-duplicates are hidden by default (the page asks for <c>collapse=true</c>); the toggle shows them, says which
/// image each nearly duplicates, and is part of the address.
/// </summary>
public sealed class NearDuplicatesTests(NearDuplicatesTests.PageWithACopyFixture fixture) : IClassFixture<NearDuplicatesTests.PageWithACopyFixture>
{
    [Fact]
    public async Task NearDuplicatesAreHiddenUntilTheToggleShowsThemSayingOfWhich()
    {
        var pair = new[] { PageWithACopyFixture.Original, PageWithACopyFixture.Copy };
        await using var page = await fixture.OpenAsync();
        var collapse = page.Page.GetByLabel("Hide near-duplicates");
        Assert.True(await collapse.IsVisibleAsync(), "an API that collapses near-duplicates gets the toggle");
        Assert.True(await collapse.IsCheckedAsync(), "near-duplicates are hidden by default");

        await page.SearchTextAsync(Text);

        var collapsed = await page.ResultNamesAsync();
        Assert.Equal(PageWithACopyFixture.Images.Count - 1, collapsed.Count);
        Assert.Single(collapsed, pair.Contains);
        Assert.Null(page.Address["collapse"]);

        await collapse.UncheckAsync();
        await page.WaitForIdleAsync();

        Assert.Equal("false", page.Address["collapse"]);
        var all = await page.ResultNamesAsync();
        Assert.Equal(PageWithACopyFixture.Images.Count, all.Count);
        Assert.All(pair, name => Assert.Contains(name, all));
        // Whichever was indexed first represents the pair; the other says so.
        var notes = new List<string>();
        foreach (var name in pair)
        {
            var note = page.Card(name).Locator(".duplicate-of");
            if (await note.CountAsync() > 0)
            {
                notes.Add($"{name}: {await note.TextContentAsync()}");
            }
        }

        var duplicate = Assert.Single(notes);
        Assert.True(
            duplicate == $"{pair[0]}: Near-duplicate of {pair[1]}" || duplicate == $"{pair[1]}: Near-duplicate of {pair[0]}",
            duplicate);
        await page.ScreenshotAsync("near-duplicates-shown");

        await page.Page.GoBackAsync();
        await Expect(collapse).ToBeCheckedAsync();
        await page.WaitForIdleAsync();
        Assert.Equal(collapsed, await page.ResultNamesAsync());
    }

    /// <summary>A few kit images and a byte-for-byte copy of the first under another name: a pair no threshold misses.</summary>
    public sealed class PageWithACopyFixture : SearchPageFixture
    {
        public const string Copy = "copy-of-first.png";

        public static IReadOnlyList<SeedImage> Images { get; } =
        [
            .. SeedCatalog.Images.Take(4).Select(image => new SeedImage(image.File, image.ReadBytes(), new Dictionary<string, string>())),
            new SeedImage(Copy, SeedCatalog.Images[0].ReadBytes(), new Dictionary<string, string>()),
        ];

        public static string Original => SeedCatalog.Images[0].File;

        protected override IReadOnlyList<SeedImage> Seeds() => Images;
    }
}
