using System.Text.Json;
using CarSearch.Tests;
using CarSearch.Web.Tests.Infrastructure;

namespace CarSearch.Web.Tests;

/// <summary>Typing a description shows the closest cars, best first, as the reference ranks them.</summary>
[Collection(SearchPageInChromium.Name)]
public sealed class TextSearchTests(SearchPageFixture fixture)
{
    /// <summary>Reference cosines closer than this may swap (our decoder is not the reference's; see the API's tests).</summary>
    private const double OrderGap = 3e-3;

    /// <summary>A few texts keep the browser run short; the API's tests check every text.</summary>
    private const int TextsChecked = 3;

    /// <summary>
    /// Kit texts whose best seeded image beats every other seeded one by more than <see cref="OrderGap"/> in the
    /// reference, so the top result is certain.
    /// </summary>
    public static TheoryData<string> ClearlyRankedTexts()
    {
        var seeded = SeedCatalog.Images.Select(image => image.File).ToHashSet(StringComparer.Ordinal);
        var texts = KitCatalog.SearchableRankings
            .Select(ranking => (ranking.Text, Cosines: ranking.Images.Zip(ranking.Cosine).Where(pair => seeded.Contains(pair.First)).ToList()))
            .Where(entry => entry.Cosines.Count > 1 && entry.Cosines[0].Second - entry.Cosines[1].Second > OrderGap)
            .Select(entry => entry.Text)
            .Take(TextsChecked);
        return [.. texts];
    }

    [Theory]
    [MemberData(nameof(ClearlyRankedTexts))]
    public async Task TypingAQueryShowsTheReferenceBestImageFirst(string text)
    {
        await using var page = await fixture.OpenAsync();

        await page.SearchTextAsync(text);

        var expected = KitCatalog.Ranking(text).Images.First(file => SeedCatalog.Images.Any(image => image.File == file));
        var names = await page.ResultNamesAsync();
        Assert.Equal(expected, names[0]);
        Assert.Equal(SeedCatalog.Images.Count, names.Count);
        Assert.Equal($"Results for “{text}”", await page.Heading.TextContentAsync());
        Assert.Contains($"{names.Count} images", await page.Summary.TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(page.ScriptErrors);
        await page.ScreenshotAsync("text-search");
    }

    [Fact]
    public async Task EachResultShowsItsThumbnailScoreAndMetadata()
    {
        await using var page = await fixture.OpenAsync();

        await page.SearchTextAsync(KitCatalog.SearchableRankings.First().Text);

        var cards = (await page.Page.EvaluateAsync<JsonElement>(
            """
            () => [...document.querySelectorAll("#results .result-button")].map((card) => ({
              name: card.querySelector(".result-name").textContent,
              score: card.querySelector(".result-score").textContent,
              chips: [...card.querySelectorAll(".chip")].map((chip) => chip.textContent),
            }))
            """)).Deserialize<Card[]>(JsonSerializerOptions.Web)!;
        Assert.Equal(SeedCatalog.Images.Count, cards.Length);
        foreach (var card in cards)
        {
            var image = SeedCatalog.Image(card.Name);
            Assert.Matches(@"^Score -?\d\.\d{3}$", card.Score);
            Assert.Contains($"{SeedCatalog.MakeField}: {SeedCatalog.MakeOf(image)}", card.Chips);
            Assert.Contains($"{SeedCatalog.FormatField}: {image.Format}", card.Chips);
        }

        // Each thumbnail arrives from the API's thumbnail link (a broken one would never complete with a width), so a
        // card costs a small JPEG, not the full photo.
        await page.LoadAllThumbnailsAsync();
        var images = (await page.Page.EvaluateAsync<JsonElement>(
            """
            () => [...document.querySelectorAll("#results img")].map((img) => ({
              src: new URL(img.currentSrc).pathname,
              width: img.naturalWidth,
              height: img.naturalHeight,
            }))
            """)).Deserialize<CardImage[]>(JsonSerializerOptions.Web)!;
        Assert.Equal(cards.Length, images.Length);
        Assert.All(images, image =>
        {
            Assert.EndsWith("/thumbnail", image.Src, StringComparison.Ordinal);
            Assert.InRange(Math.Max(image.Width, image.Height), 1, 384);
        });
        Assert.Contains(images, image => Math.Max(image.Width, image.Height) == 384);
    }

    /// <summary>
    /// Pages come from the API's continuation tokens. The page offers 12 to 100 per page, more than the kit has, so the
    /// test adds a smaller size to the list first.
    /// </summary>
    [Fact]
    public async Task ShowMoreAppendsTheNextPagesUntilThereAreNoMore()
    {
        const int pageSize = 4;
        await using var page = await fixture.OpenAsync();
        await page.Page.EvaluateAsync("(size) => document.getElementById('top').add(new Option(String(size)))", pageSize);
        await page.Page.Locator("#top").SelectOptionAsync(pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var more = page.Page.Locator("#more");

        await page.SearchTextAsync(KitCatalog.SearchableRankings.First().Text);
        var shown = new List<string>(await page.ResultNamesAsync());
        Assert.Equal(pageSize, shown.Count);
        while (await more.IsVisibleAsync())
        {
            await more.ClickAsync();
            await page.WaitForIdleAsync();
            var names = await page.ResultNamesAsync();
            Assert.Equal(shown, names.Take(shown.Count));
            if (names.Count > shown.Count)
            {
                // The focus goes to the first result added, so keyboard users carry on where the new ones start.
                Assert.Equal(names[shown.Count], await page.Page.EvaluateAsync<string>(
                    "() => document.activeElement.querySelector('.result-name')?.textContent ?? ''"));
            }

            shown = [.. names];
        }

        Assert.Equal(SeedCatalog.Images.Select(image => image.File).Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
    }

    private sealed record Card(string Name, string Score, string[] Chips);

    private sealed record CardImage(string Src, int Width, int Height);
}
