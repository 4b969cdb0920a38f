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

    // Filtered to one of the pair, the other is not among the results: the note still names it, not by its id (for a
    // name in a folder the id is another string).
    [Fact]
    public async Task ANearDuplicateOfAnImageNotShownNamesThatImage()
    {
        var pair = new[] { (Name: PageWithACopyFixture.Original, Make: PageWithACopyFixture.OriginalMake), (Name: PageWithACopyFixture.Copy, Make: PageWithACopyFixture.CopyMake) };
        var notes = new List<string>();
        foreach (var (name, make) in pair)
        {
            // Filtered before the first search, so the page has never shown the other one.
            await using var page = await fixture.OpenAsync();
            await page.FilterByMakeAsync(make);
            await page.SearchTextAsync(Text);

            Assert.Equal([name], await page.ResultNamesAsync());
            var note = page.Card(name).Locator(".duplicate-of");
            if (await note.CountAsync() > 0)
            {
                var other = pair.Single(image => image.Name != name).Name;
                await Expect(note).ToHaveTextAsync($"Near-duplicate of {other}");
                notes.Add(name);
            }
        }

        // Whichever was indexed first represents the pair; the other carries the note.
        Assert.Single(notes);
    }

    /// <summary>
    /// A few kit images and a byte-for-byte copy of the first under another name: a pair no threshold misses. The two
    /// are in folders, so their ids are not their names, and each has a make of its own to be found alone by.
    /// </summary>
    public sealed class PageWithACopyFixture : SearchPageFixture
    {
        public const string Copy = "copies/first.png";
        public const string OriginalMake = "Original";
        public const string CopyMake = "Copy";

        public static IReadOnlyList<SeedImage> Images { get; } =
        [
            new SeedImage(Original, SeedCatalog.Images[0].ReadBytes(), Make(OriginalMake)),
            .. SeedCatalog.Images.Skip(1).Take(3).Select(image => new SeedImage(image.File, image.ReadBytes(), new Dictionary<string, string>())),
            new SeedImage(Copy, SeedCatalog.Images[0].ReadBytes(), Make(CopyMake)),
        ];

        public static string Original => $"originals/{SeedCatalog.Images[0].File}";

        private static Dictionary<string, string> Make(string make) => new() { [SeedCatalog.MakeField] = make };

        protected override IReadOnlyList<SeedImage> Seeds() => Images;
    }
}
