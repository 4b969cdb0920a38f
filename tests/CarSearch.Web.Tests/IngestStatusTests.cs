using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CarSearch.Core.Ingest;
using CarSearch.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CarSearch.Web.Tests;

/// <summary>The ingest status panel shows the counts and the failures the API reports.</summary>
[Collection(SearchPageInChromium.Name)]
public sealed class IngestStatusTests(SearchPageFixture fixture)
{
    [Fact]
    public async Task ThePanelShowsTheCountsAndEachFailureWithItsReason()
    {
        var status = (await fixture.Api.GetFromJsonAsync<IngestStatus>("api/ingest/status", JsonSerializerOptions.Web))!;
        Assert.Equal(SeedCatalog.Images.Count, status.Indexed);
        var failure = Assert.Single(status.Failures);
        Assert.Equal(SeedCatalog.NotAnImageName, failure.Name);

        await using var page = await fixture.OpenAsync();

        Assert.Equal(Count(status.Indexed!.Value), await page.Page.Locator("#status-indexed").TextContentAsync());
        Assert.Equal(Count(status.Failed), await page.Page.Locator("#status-failed").TextContentAsync());
        Assert.Equal(Count(status.Pending!.Value), await page.Page.Locator("#status-pending").TextContentAsync());
        var item = page.Page.Locator("#failures li");
        Assert.Equal(1, await item.CountAsync());
        Assert.Equal(failure.Name, await item.Locator(".failure-name").TextContentAsync());
        Assert.Equal(failure.Reason, await item.Locator(".failure-reason").TextContentAsync());
        var shown = DateTimeOffset.Parse(await item.Locator("time").GetAttributeAsync("datetime") ?? "", CultureInfo.InvariantCulture);
        Assert.Equal(failure.At, shown);
        Assert.False(string.IsNullOrWhiteSpace(await item.Locator("time").TextContentAsync()));
        await page.ScreenshotAsync("ingest-status");
    }

    [Fact]
    public async Task ThePanelRefreshesWhenAsked()
    {
        await using var page = await fixture.OpenAsync();
        var requests = 0;
        page.Page.Request += (_, request) => Interlocked.Add(ref requests, IsStatusRequest(request) ? 1 : 0);

        await page.Page.EvaluateAsync("() => document.getElementById('status-note').textContent = ''");
        await page.Page.RunAndWaitForRequestAsync(() => page.Page.Locator("#refresh-status").ClickAsync(), IsStatusRequest);
        await page.WaitForStatusAsync();

        Assert.Equal(1, Volatile.Read(ref requests));
    }

    [Fact]
    public async Task ThePanelRefreshesOnAnIntervalOnlyWhileThePageIsVisible()
    {
        var requests = 0;
        await using var page = await fixture.OpenAsync(beforeLoad: async tab =>
        {
            tab.Request += (_, request) => Interlocked.Add(ref requests, IsStatusRequest(request) ? 1 : 0);
            await tab.Clock.InstallAsync();
        });
        Assert.Equal(1, Volatile.Read(ref requests));

        await page.Page.RunAndWaitForRequestAsync(
            () => page.Page.Clock.RunForAsync((long)TimeSpan.FromMinutes(1).TotalMilliseconds), IsStatusRequest);
        var whileVisible = Volatile.Read(ref requests);
        Assert.True(whileVisible > 1, "a visible page refreshes the status on its own");

        await SetVisibilityAsync(page, "hidden");
        await page.Page.Clock.RunForAsync((long)TimeSpan.FromMinutes(5).TotalMilliseconds);
        await page.Page.RunAndWaitForRequestAsync(() => SetVisibilityAsync(page, "visible"), IsStatusRequest);

        // Requests are reported in order: one made while hidden would be counted before this one.
        Assert.Equal(whileVisible + 1, Volatile.Read(ref requests));
    }

    [Fact]
    public async Task AStorageOutageIsSaidPlainlyAndUncountedPendingShowsAsUnknown()
    {
        var status = (await fixture.Api.GetFromJsonAsync<JsonElement>("api/ingest/status"))!;
        var outage = JsonSerializer.SerializeToNode(status)!.AsObject();
        outage["pending"] = null;
        outage["storage"] = new System.Text.Json.Nodes.JsonObject
        {
            ["state"] = "unreachable",
            ["since"] = "2026-12-04T16:07:58Z",
            ["problem"] = "Connection refused",
            ["checkedAt"] = "2026-12-04T16:09:12Z",
        };

        await using var page = await OpenAnsweringStatusAsync(outage);

        var note = page.Page.Locator("#status-note");
        Assert.StartsWith("Image storage unreachable since 16:07:58 (last checked 16:09:12)", await note.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("problem", await note.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Equal("–", await page.Page.Locator("#status-pending").TextContentAsync());
        Assert.Equal(Count(status.GetProperty("indexed").GetInt64()), await page.Page.Locator("#status-indexed").TextContentAsync());
        await page.ScreenshotAsync("ingest-status-storage-unreachable");
    }

    /// <summary>
    /// A large library's counts stay whole numbers on one line (10,030 once broke into "10,03" and "0"), inside the panel.
    /// </summary>
    [Fact]
    public async Task LargeCountsStayOnOneLine()
    {
        var status = (await fixture.Api.GetFromJsonAsync<JsonElement>("api/ingest/status"))!;
        var large = JsonSerializer.SerializeToNode(status)!.AsObject();
        large["indexed"] = 1_234_567;
        large["failed"] = 10_030;
        large["pending"] = 250_000;

        await using var page = await OpenAnsweringStatusAsync(large);

        foreach (var (id, value) in new[] { ("#status-indexed", 1_234_567L), ("#status-failed", 10_030L), ("#status-pending", 250_000L) })
        {
            var count = page.Page.Locator(id);
            Assert.Equal(Count(value), await count.TextContentAsync());
            var lineHeight = await count.EvaluateAsync<double>("element => parseFloat(getComputedStyle(element).lineHeight) || parseFloat(getComputedStyle(element).fontSize) * 1.5");
            var box = (await count.BoundingBoxAsync())!;
            Assert.True(box.Height < 1.5 * lineHeight, $"{id} is {box.Height} px high, {lineHeight} px a line: it wrapped");
            var panel = (await page.Page.Locator(".status-panel").BoundingBoxAsync())!;
            var counted = (await count.Locator("xpath=..").BoundingBoxAsync())!;
            Assert.True(counted.X + counted.Width <= panel.X + panel.Width, $"{id}'s box ends at {counted.X + counted.Width} px, the panel at {panel.X + panel.Width} px");
        }

        await page.ScreenshotAsync("ingest-status-large-counts");
    }

    /// <summary>The page, its status requests answered with <paramref name="status"/> instead of the server's.</summary>
    private Task<SearchPage> OpenAnsweringStatusAsync(System.Text.Json.Nodes.JsonObject status) =>
        fixture.OpenAsync(beforeLoad: tab => tab.RouteAsync(
            "**/api/ingest/status",
            route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "application/json", Body = status.ToJsonString() })));

    private static bool IsStatusRequest(IRequest request) => new Uri(request.Url).AbsolutePath == "/api/ingest/status";

    /// <summary>Headless tabs are always visible: the page is told otherwise as a browser would tell it.</summary>
    private static async Task SetVisibilityAsync(SearchPage page, string state) =>
        await page.Page.EvaluateAsync(
            """
            (state) => {
              Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
              document.dispatchEvent(new Event("visibilitychange"));
            }
            """,
            state);

    private static string Count(long value) => value.ToString("N0", CultureInfo.GetCultureInfo("en-GB"));
}
