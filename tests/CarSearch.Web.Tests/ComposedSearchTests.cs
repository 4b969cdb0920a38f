using System.Globalization;
using System.Text.Json;
using CarSearch.Tests;
using CarSearch.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static CarSearch.Web.Tests.Infrastructure.SearchTexts;
using static Microsoft.Playwright.Assertions;

namespace CarSearch.Web.Tests;

/// <summary>
/// Refining a search from its results ("like this, but…", "not like this"), editing and removing its chips, and the
/// "only close matches" cut-off: each shows what the API answers for the search the address then names.
/// </summary>
[Collection(SearchPageInChromium.Name)]
public sealed class ComposedSearchTests(SearchPageFixture fixture)
{
    [Fact]
    public async Task LikeThisButSearchesTheImageWithTheWordsAdded()
    {
        await using var page = await fixture.OpenAsync();
        await page.SearchTextAsync(Text);
        var liked = (await page.ResultNamesAsync())[1];
        var card = page.Card(liked);

        await card.GetByRole(AriaRole.Button, new() { Name = $"Like {liked}, but…" }).ClickAsync();
        var words = card.GetByLabel("…but");
        Assert.True(await words.IsVisibleAsync(), "the words' field opens under the card");
        await words.FillAsync(OtherText);
        await card.GetByRole(AriaRole.Button, new() { Name = $"Search like {liked}, but these words" }).ClickAsync();
        await page.WaitForIdleAsync();

        Assert.Equal(liked, page.Address["like"]);
        Assert.Equal(OtherText, page.Address["q"]);
        var expected = await ApiSearches.GetAsync(fixture.Api, $"q={Uri.EscapeDataString(OtherText)}&like={Uri.EscapeDataString(liked)}");
        var names = await page.ResultNamesAsync();
        Assert.Equal(expected.Select(hit => hit.Name), names);
        Assert.DoesNotContain(liked, names);
        Assert.Equal([OtherText, $"like {liked}"], await page.TermsShownAsync());
        Assert.Equal($"Results for “{OtherText}”, like {liked}", await page.Heading.TextContentAsync());
        Assert.Contains($"results for “{Text}”", await page.Back.TextContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("like-this-but");
    }

    /// <summary>
    /// GET's <c>not</c> takes words only, so an image to steer away from goes as a composed POST (weight -0.5) and the
    /// address says <c>unlike</c>.
    /// </summary>
    [Fact]
    public async Task NotLikeThisPushesTheImageAwayAndBackUndoesIt()
    {
        await using var page = await fixture.OpenAsync();
        await page.SearchTextAsync(Text);
        var before = await page.ResultNamesAsync();
        var unliked = before[0];
        var posted = new List<string>();
        page.Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && new Uri(request.Url).AbsolutePath == "/api/search")
            {
                lock (posted)
                {
                    posted.Add(request.PostData ?? "");
                }
            }
        };

        await page.Card(unliked).GetByRole(AriaRole.Button, new() { Name = $"Not like {unliked}" }).ClickAsync();
        await page.WaitForIdleAsync();

        Assert.Equal(unliked, page.Address["unlike"]);
        Assert.Equal(Text, page.Address["q"]);
        var body = JsonDocument.Parse(Assert.Single(posted)).RootElement;
        var terms = body.GetProperty("terms").EnumerateArray().ToList();
        Assert.Equal(2, terms.Count);
        Assert.Equal(Text, terms[0].GetProperty("text").GetString());
        Assert.Equal(unliked, terms[1].GetProperty("imageId").GetString());
        Assert.Equal(-0.5, terms[1].GetProperty("weight").GetDouble());
        var expected = await ApiSearches.PostAsync(fixture.Api, new()
        {
            ["terms"] = new object[] { new { text = Text }, new { imageId = unliked, weight = -0.5 } },
        });
        var names = await page.ResultNamesAsync();
        Assert.Equal(expected.Select(hit => hit.Name), names);
        Assert.DoesNotContain(unliked, names);
        Assert.Equal([Text, $"not like {unliked}"], await page.TermsShownAsync());
        await page.ScreenshotAsync("not-like-this");

        await page.Back.ClickAsync();
        await Expect(page.Heading).ToHaveTextAsync($"Results for “{Text}”");
        Assert.Equal(before, await page.ResultNamesAsync());
        Assert.Null(page.Address["unlike"]);
    }

    [Fact]
    public async Task RemovingAChipSearchesWithoutItAndEditingATextChipSearchesTheNewWords()
    {
        var make = SeedCatalog.Makes[1];
        await using var page = await fixture.OpenAsync(
            query: $"?q={Uri.EscapeDataString(Text)}&not={Uri.EscapeDataString(OtherText)}&make={Uri.EscapeDataString(make)}");
        await page.WaitForIdleAsync();
        Assert.Equal([Text, $"not {OtherText}", $"make: {make}"], await page.TermsShownAsync());
        await page.ScreenshotAsync("chips");

        await page.Page.GetByRole(AriaRole.Button, new() { Name = $"Remove not “{OtherText}”" }).ClickAsync();
        await page.WaitForIdleAsync();

        Assert.Null(page.Address["not"]);
        Assert.Equal([Text, $"make: {make}"], await page.TermsShownAsync());
        var expected = await ApiSearches.GetAsync(fixture.Api, $"q={Uri.EscapeDataString(Text)}&make={Uri.EscapeDataString(make)}");
        Assert.Equal(expected.Select(hit => hit.Name), await page.ResultNamesAsync());

        await page.Page.GetByRole(AriaRole.Button, new() { Name = $"Remove filter make: {make}" }).ClickAsync();
        await page.WaitForIdleAsync();

        Assert.Null(page.Address["make"]);
        Assert.Equal("", await page.MakeFilter.InputValueAsync());
        Assert.Equal(SeedCatalog.Images.Count, (await page.ResultNamesAsync()).Count);

        var words = page.Page.GetByRole(AriaRole.Textbox, new() { Name = "Search words" });
        await words.FillAsync(OtherText);
        await words.PressAsync("Enter");
        await page.WaitForIdleAsync();

        Assert.Equal(OtherText, page.Address["q"]);
        Assert.Equal($"Results for “{OtherText}”", await page.Heading.TextContentAsync());
        expected = await ApiSearches.GetAsync(fixture.Api, $"q={Uri.EscapeDataString(OtherText)}");
        Assert.Equal(expected.Select(hit => hit.Name), await page.ResultNamesAsync());
        Assert.Empty(page.ScriptErrors);

        // Each change was one step: Back undoes the edit, then the filter's removal.
        await page.Page.GoBackAsync();
        await Expect(page.Heading).ToHaveTextAsync($"Results for “{Text}”");
        Assert.Equal([Text], await page.TermsShownAsync());
        await page.Page.GoBackAsync();
        await Expect(page.Page.Locator("#query-terms > li")).ToHaveCountAsync(2);
        Assert.Equal([Text, $"make: {make}"], await page.TermsShownAsync());
        Assert.Equal(make, await page.MakeFilter.InputValueAsync());
    }

    /// <summary>
    /// The toggle asks the API for its suggested cut-off and searches with it; the kit's text is chosen so the cut-off
    /// leaves some of its results out and keeps others, so a page that ignored it would show the wrong ones.
    /// </summary>
    [Fact]
    public async Task OnlyCloseMatchesAppliesTheSuggestedCutOffAndTurningItOffShowsAllAgain()
    {
        using var stats = JsonDocument.Parse(await fixture.Api.GetStringAsync("api/stats/scores"));
        var suggested = stats.RootElement.GetProperty("suggestedMinScore").GetDouble();
        var minScore = suggested.ToString(CultureInfo.InvariantCulture);
        string? text = null;
        foreach (var ranking in KitCatalog.SearchableRankings)
        {
            var hits = await ApiSearches.GetAsync(fixture.Api, "q=" + Uri.EscapeDataString(ranking.Text));
            if (hits.Any(hit => hit.Score >= suggested) && hits.Any(hit => hit.Score < suggested))
            {
                text = ranking.Text;
                break;
            }
        }

        Assert.True(text is not null, $"some kit text scores on both sides of the suggested cut-off {suggested}");
        await using var page = await fixture.OpenAsync();
        await page.SearchTextAsync(text);
        var all = await page.ResultNamesAsync();

        await page.CloseOnly.CheckAsync();
        await page.WaitForIdleAsync();
        await Expect(page.Summary).ToContainTextAsync($"scoring at least {minScore}");

        Assert.Equal(minScore, page.Address["minScore"]);
        var expected = await ApiSearches.GetAsync(fixture.Api, $"q={Uri.EscapeDataString(text)}&minScore={minScore}");
        Assert.Equal(expected.Select(hit => hit.Name), await page.ResultNamesAsync());
        Assert.True(expected.Count < all.Count, "the cut-off leaves results out");
        Assert.All(await page.ScoresAsync(), score => Assert.True(score >= suggested - 5e-4, $"{score} is below the cut-off {suggested}"));
        Assert.Contains(minScore, await page.Page.Locator("#close-only-hint").TextContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("only-close-matches");

        await page.CloseOnly.UncheckAsync();
        await page.WaitForIdleAsync();

        Assert.Null(page.Address["minScore"]);
        Assert.Equal(all, await page.ResultNamesAsync());
    }
}
