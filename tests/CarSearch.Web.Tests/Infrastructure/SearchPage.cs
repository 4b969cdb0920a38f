using System.Collections.Specialized;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Web;
using Microsoft.Playwright;

namespace CarSearch.Web.Tests.Infrastructure;

/// <summary>The search page in one browser tab, driven as a person would, with what it shows read back.</summary>
public sealed class SearchPage : IAsyncDisposable
{
    /// <summary>Builds a file in the page from base64 and hands it over as a drop on the drop zone or a paste.</summary>
    private const string DeliverFileScript = """
        ([how, name, type, base64]) => {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], name, { type }));
          if (how === "drop") {
            const zone = document.getElementById("drop-zone");
            for (const kind of ["dragenter", "dragover", "drop"]) {
              zone.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: transfer }));
            }
          } else {
            document.activeElement.dispatchEvent(
              new ClipboardEvent("paste", { bubbles: true, cancelable: true, clipboardData: transfer }));
          }
        }
        """;

    private readonly IBrowserContext _context;
    private readonly List<string> _scriptErrors = [];

    public SearchPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, error) => _scriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _scriptErrors.Add(message.Text);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Uncaught script errors and Content Security Policy violations so far.</summary>
    public IReadOnlyList<string> ScriptErrors => _scriptErrors;

    public ILocator Query => Page.Locator("#query");

    public ILocator Heading => Page.Locator("#results-heading");

    public ILocator Summary => Page.Locator("#results-summary");

    public ILocator Error => Page.Locator("#error");

    public ILocator Back => Page.Locator("#back");

    public ILocator ResultButtons => Page.Locator("#results .result-button");

    public ILocator MakeFilter => Page.Locator("#make");

    /// <summary>The chips of the search on screen: its terms, then its filters.</summary>
    public ILocator Terms => Page.Locator("#query-terms > li");

    /// <summary>The "Only close matches" toggle.</summary>
    public ILocator CloseOnly => Page.Locator("#close-only");

    /// <summary>The page's own address's query string, parsed.</summary>
    public NameValueCollection Address => HttpUtility.ParseQueryString(new Uri(Page.Url).Query);

    /// <summary>
    /// Each chip as it reads: a text term's words ("red car", "not truck"), an image term's kind and name ("like a.jpg",
    /// "not like a.jpg"), a filter's name and value ("make: Tesla").
    /// </summary>
    public Task<string[]> TermsShownAsync() =>
        Page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll("#query-terms > li")].map((chip) => [
              chip.querySelector(".term-kind")?.textContent ?? "",
              chip.querySelector("input")?.value ?? chip.querySelector(".term-value")?.textContent ?? "",
            ].join(" ").trim())
            """);

    /// <summary>The result card of the image named <paramref name="name"/>.</summary>
    public ILocator Card(string name) => Page.Locator("#results > li").Filter(new() { Has = Page.Locator(".result-name", new() { HasTextRegex = new Regex($"^{Regex.Escape(name)}$") }) });

    /// <summary>The scores the cards show, in order.</summary>
    public async Task<double[]> ScoresAsync() =>
        [.. (await Page.Locator("#results .result-score").AllTextContentsAsync())
            .Select(text => double.Parse(text.Replace("Score ", "", StringComparison.Ordinal), CultureInfo.InvariantCulture))];

    public async Task SearchTextAsync(string text)
    {
        await Query.FillAsync(text);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await WaitForIdleAsync();
    }

    /// <summary>Through the "Choose a photo" button and the browser's file chooser.</summary>
    public async Task ChooseFileAsync(string name, byte[] content, string mimeType)
    {
        var chooser = await Page.RunAndWaitForFileChooserAsync(() => Page.Locator("#choose-photo").ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = name, MimeType = mimeType, Buffer = content });
        await WaitForIdleAsync();
    }

    /// <summary>A synthetic drop (a DataTransfer holding the file) on the drop zone.</summary>
    public Task DropFileAsync(string name, byte[] content, string mimeType) => DeliverAsync("drop", name, content, mimeType);

    /// <summary>A synthetic paste (a ClipboardEvent holding the file) where the focus is.</summary>
    public Task PasteFileAsync(string name, byte[] content, string mimeType) => DeliverAsync("paste", name, content, mimeType);

    public async Task FilterByMakeAsync(string make)
    {
        await MakeFilter.FillAsync(make);
        await MakeFilter.PressAsync("Enter");
        await WaitForIdleAsync();
    }

    /// <summary>Waits until no search is in flight (the results list drops <c>aria-busy</c>).</summary>
    public Task WaitForIdleAsync() =>
        Page.Locator("#results:not([aria-busy])").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Waits until the ingest status panel has shown an answer.</summary>
    /// <summary>Until the status panel shows an answer of the API (fresh counts, or the storage outage it reports).</summary>
    public Task WaitForStatusAsync() =>
        Page.WaitForFunctionAsync(
            "() => ['Updated', 'Image storage unreachable'].some(start => document.getElementById('status-note').textContent.startsWith(start))");

    public Task<IReadOnlyList<string>> ResultNamesAsync() => Page.Locator("#results .result-name").AllTextContentsAsync();

    /// <summary>The value of one metadata field on every result card, in order ("" where a card lacks it).</summary>
    public Task<string[]> ChipValuesAsync(string field) =>
        Page.EvaluateAsync<string[]>(
            """
            (field) => [...document.querySelectorAll("#results .result-button")].map((card) => {
              const chip = [...card.querySelectorAll(".chip")]
                .find((c) => c.querySelector(".chip-key").textContent.trim().toLowerCase() === field + ":");
              return chip ? chip.textContent.slice(chip.querySelector(".chip-key").textContent.length) : "";
            })
            """,
            field);

    /// <summary>Scrolls every result into view (thumbnails load lazily) and waits until each thumbnail has arrived.</summary>
    public async Task LoadAllThumbnailsAsync()
    {
        foreach (var button in await ResultButtons.AllAsync())
        {
            await button.ScrollIntoViewIfNeededAsync();
        }

        await Page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('#results img')].every((img) => img.complete && img.naturalWidth > 0)");
    }

    /// <summary>The whole page as a PNG under artifacts/screenshots/, thumbnails loaded.</summary>
    public async Task ScreenshotAsync(string name)
    {
        await LoadAllThumbnailsAsync();
        await Page.ScreenshotAsync(new() { Path = Path.Combine(SearchPageFixture.ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private async Task DeliverAsync(string how, string name, byte[] content, string mimeType)
    {
        await Page.EvaluateAsync(DeliverFileScript, new object[] { how, name, mimeType, Convert.ToBase64String(content) });
        await WaitForIdleAsync();
    }
}
