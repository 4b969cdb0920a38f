using System.Net.Http.Headers;
using System.Text.Json;
using CarSearch.Web.Tests.Infrastructure;

namespace CarSearch.Web.Tests;

/// <summary>A photo given by the file picker, by drag and drop or by paste finds itself first; a non-image gets a readable message.</summary>
[Collection(SearchPageInChromium.Name)]
public sealed class PhotoSearchTests(SearchPageFixture fixture)
{
    public static TheoryData<string> Images => SeedCatalog.ImageFiles();

    [Theory]
    [MemberData(nameof(Images))]
    public async Task ChoosingAPhotoShowsThatPhotoFirst(string file)
    {
        await using var page = await fixture.OpenAsync();

        await page.ChooseFileAsync(file, SeedCatalog.Image(file).ReadBytes(), "application/octet-stream");

        await AssertFoundFirstAsync(page, file);
        if (file == SeedCatalog.Images[0].File)
        {
            await page.ScreenshotAsync("photo-picker");
        }
    }

    [Fact]
    public async Task DroppingAPhotoOnTheDropZoneShowsItFirst()
    {
        var image = SeedCatalog.Images[^1];
        await using var page = await fixture.OpenAsync();

        await page.DropFileAsync(image.File, image.ReadBytes(), "image/png");

        await AssertFoundFirstAsync(page, image.File);
        await page.ScreenshotAsync("photo-drop");
    }

    [Fact]
    public async Task PastingAPhotoShowsItFirst()
    {
        var image = SeedCatalog.Images[SeedCatalog.Images.Count / 2];
        await using var page = await fixture.OpenAsync();
        await page.Query.FocusAsync();

        // Browsers name a pasted screenshot image.png whatever it was: the name must not matter.
        await page.PasteFileAsync("image.png", image.ReadBytes(), "image/png");

        await AssertFoundFirstAsync(page, image.File, "image.png");
        await page.ScreenshotAsync("photo-paste");
    }

    [Fact]
    public async Task ANonImageShowsTheApiMessageNotItsJson()
    {
        using var body = new ByteArrayContent(SeedCatalog.NotAnImage);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var refused = await fixture.Api.PostAsync("api/search/image", body);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        await using var page = await fixture.OpenAsync();

        await page.ChooseFileAsync("notes.txt", SeedCatalog.NotAnImage, "text/plain");

        await page.Error.WaitForAsync();
        var message = await page.Error.InnerTextAsync();
        Assert.Contains(problem.GetProperty("title").GetString()!, message, StringComparison.Ordinal);
        Assert.Contains(problem.GetProperty("detail").GetString()!, message, StringComparison.Ordinal);
        Assert.DoesNotContain("{", message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"status\"", message, StringComparison.Ordinal);
        Assert.Equal("alert", await page.Error.GetAttributeAsync("role"));
        Assert.Equal(0, await page.ResultButtons.CountAsync());
        await page.ScreenshotAsync("error-not-an-image");
    }

    [Fact]
    public async Task AnUnreachableServerShowsAReadableMessage()
    {
        await using var page = await fixture.OpenAsync();
        await page.Page.RouteAsync("**/api/search?*", route => route.AbortAsync("connectionrefused"));

        await page.SearchTextAsync("a red car");

        await page.Error.WaitForAsync();
        var message = await page.Error.InnerTextAsync();
        Assert.Contains("cannot be reached", message, StringComparison.Ordinal);
        Assert.DoesNotContain("TypeError", message, StringComparison.Ordinal);
        Assert.DoesNotContain("{", message, StringComparison.Ordinal);
        await page.ScreenshotAsync("error-unreachable");
    }

    private static async Task AssertFoundFirstAsync(SearchPage page, string file, string? givenName = null)
    {
        var names = await page.ResultNamesAsync();
        Assert.NotEmpty(names);
        Assert.Equal(file, names[0]);
        Assert.Equal($"Closest to your photo ({givenName ?? file})", await page.Heading.TextContentAsync());
        Assert.True(await page.Page.Locator("#query-preview").IsVisibleAsync(), "the photo searched with is shown beside the heading");
        Assert.False(await page.Error.IsVisibleAsync(), await page.Error.InnerTextAsync());
        Assert.Empty(page.ScriptErrors);
    }
}
