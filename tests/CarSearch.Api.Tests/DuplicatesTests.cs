using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarSearch.Api.Model;
using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Tests;

namespace CarSearch.Api.Tests;

/// <summary>
/// Near-duplicates over HTTP: <c>duplicateOf</c> on results, <c>collapse</c> on every search route, and
/// <c>GET /api/images/{id}/duplicates</c>. The kit's images plus three copies of the red car (two a little changed, one
/// exact), marked as the ingest marks them.
/// </summary>
public sealed class DuplicatesTests : IAsyncLifetime
{
    private const string RedCar = "street_red_car_640x480.jpg";

    private static readonly string RedId = DocumentId.FromName(RedCar);

    private static readonly string[] CopyIds =
        [DocumentId.FromName("copies/red-1.jpg"), DocumentId.FromName("copies/red-2.jpg"), DocumentId.FromName("copies/red-3.jpg")];

    private ApiTestHost? _host;

    private HttpClient Client => _host!.Client;

    private static string[] RedGroup => [RedId, .. CopyIds];

    public async Task InitializeAsync()
    {
        _host = await ApiTestHost.StartAsync();
        var documents = new Dictionary<string, ImageDocument>();
        foreach (var image in KitCatalog.Images)
        {
            documents[image.File] = await _host.AddImageAsync(image, new Dictionary<string, string> { ["make"] = "kit" });
        }

        // Copies a little away from the original, in two directions, so every score differs.
        var red = documents[RedCar];
        var others = new[] { documents["street_yellow_car_512x384.webp"], documents["large_blue_car_3000x2000.jpg"] };
        for (var i = 0; i < others.Length; i++)
        {
            var embedding = red.Embedding.Zip(others[i].Embedding, (a, b) => a + (0.05f * b)).ToArray();
            var norm = MathF.Sqrt(embedding.Sum(x => x * x));
            await _host.Index.UpsertAsync(red with
            {
                Id = CopyIds[i],
                Name = $"copies/red-{i + 1}.jpg",
                Embedding = [.. embedding.Select(x => x / norm)],
                DuplicateOf = RedId,
            });
        }

        await _host.Index.UpsertAsync(red with { Id = CopyIds[2], Name = "copies/red-3.jpg", DuplicateOf = RedId });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task ResultsCarryDuplicateOfOnlyWhenSet()
    {
        var response = await Client.GetAsync("/api/search?q=a%20red%20car&top=100");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("results");

        Assert.Equal(KitCatalog.Images.Count + CopyIds.Length, json.GetArrayLength());
        foreach (var result in json.EnumerateArray())
        {
            var id = result.GetProperty("id").GetString();
            if (CopyIds.Contains(id))
            {
                Assert.Equal(RedId, result.GetProperty("duplicateOf").GetString());
            }
            else
            {
                Assert.False(result.TryGetProperty("duplicateOf", out _), $"{id} carries duplicateOf");
            }
        }
    }

    [Fact]
    public async Task CollapseShowsOneImagePerGroupOnTheTextSearch()
    {
        var all = await Client.GetSearchAsync("/api/search?q=a%20red%20car&top=100");
        var collapsed = await Client.GetSearchAsync("/api/search?q=a%20red%20car&top=100&collapse=true");

        AssertCollapsed(all, collapsed);
    }

    [Fact]
    public async Task CollapseWorksOnComposedPhotoAndSimilarSearches()
    {
        var composed = await ApiAssert.SearchAsync(await Client.PostAsJsonAsync(
            "/api/search", new { terms = new[] { new { text = "a red car" } }, top = 100, collapse = true }));
        AssertCollapsed(await Client.GetSearchAsync("/api/search?q=a%20red%20car&top=100"), composed);

        using var photo = new ByteArrayContent(KitCatalog.Image(RedCar).ReadBytes());
        var byPhoto = await ApiAssert.SearchAsync(await Client.PostAsync("/api/search/image?top=100&collapse=true", photo));
        Assert.Contains(byPhoto.Results[0].Id, RedGroup);
        Assert.Single(byPhoto.Results, r => RedGroup.Contains(r.Id));

        var yellow = Uri.EscapeDataString(DocumentId.FromName("street_yellow_car_512x384.webp"));
        var similar = await Client.GetSearchAsync($"/api/images/{yellow}/similar?top=100&collapse=true");
        Assert.Single(similar.Results, r => RedGroup.Contains(r.Id));
        Assert.Equal(KitCatalog.Images.Count - 1, similar.Results.Count);
    }

    [Fact]
    public async Task CollapsedPagesOfOneWalkEveryGroupOnce()
    {
        var seen = new List<string>();
        var url = "/api/search?q=a%20red%20car&top=1&collapse=true";
        for (var token = ""; token is not null;)
        {
            var page = await Client.GetSearchAsync(token.Length == 0 ? url : $"{url}&continuationToken={Uri.EscapeDataString(token)}");
            Assert.True(page.Results.Count == 1, $"A page of {page.Results.Count} results.");
            seen.AddRange(page.Results.Select(r => r.Id));
            token = page.ContinuationToken;
        }

        Assert.Equal(KitCatalog.Images.Count, seen.Count);
        Assert.Distinct(seen);
        Assert.Single(seen, RedGroup.Contains);
    }

    [Fact]
    public async Task TheDuplicatesRouteListsTheGroupOfAMember()
    {
        var response = await Client.GetAsync($"/api/images/{Uri.EscapeDataString(CopyIds[1])}/duplicates");

        var group = await ApiAssert.OkJsonAsync<DuplicatesResponse>(response);
        Assert.Equal(CopyIds[1], group.Id);
        Assert.Equal(RedId, group.Representative);
        Assert.Equal(CopyIds[1], group.Results[0].Id);
        Assert.Equal(1, group.Results[0].Score, 6);
        Assert.Equal(RedGroup.Order(StringComparer.Ordinal), group.Results.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(group.Results.Skip(1), r => Assert.InRange(r.Score, 0.98, 1));
        Assert.All(group.Results, r => Assert.Equal(r.Id == RedId ? null : RedId, r.DuplicateOf));
        Assert.All(group.Results, r => Assert.EndsWith($"/api/images/{Uri.EscapeDataString(r.Id)}/thumbnail", r.ThumbnailUrl, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnExactCopyComesFirstInItsOwnGroup()
    {
        var group = await ApiAssert.OkJsonAsync<DuplicatesResponse>(
            await Client.GetAsync($"/api/images/{Uri.EscapeDataString(CopyIds[2])}/duplicates"));

        Assert.Equal(CopyIds[2], group.Results[0].Id);
        Assert.Equal(1, Assert.Single(group.Results, r => r.Id == RedId).Score, 6);
        Assert.All(group.Results, r => Assert.InRange(r.Score, -1, 1));
    }

    [Fact]
    public async Task TheDuplicatesOfAnImageWithoutCopiesAreItselfAndTheImageLinksThere()
    {
        var id = DocumentId.FromName("tiny_40x25.png");

        var group = await ApiAssert.OkJsonAsync<DuplicatesResponse>(
            await Client.GetAsync($"/api/images/{Uri.EscapeDataString(id)}/duplicates"));
        var image = JsonDocument.Parse(await Client.GetStringAsync($"/api/images/{Uri.EscapeDataString(CopyIds[0])}")).RootElement;

        Assert.Equal(id, group.Representative);
        Assert.Equal(id, Assert.Single(group.Results).Id);
        Assert.Equal(RedId, image.GetProperty("duplicateOf").GetString());
        Assert.EndsWith($"/api/images/{Uri.EscapeDataString(CopyIds[0])}/duplicates", image.GetProperty("duplicatesUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDuplicatesOfAnUnknownImageAreA404Problem() =>
        await ApiAssert.ProblemAsync(
            await Client.GetAsync("/api/images/no-such-image.jpg/duplicates"), HttpStatusCode.NotFound, "no-such-image.jpg");

    [Theory]
    [InlineData("collapse=maybe")]
    [InlineData("collapse=true&collapse=false")]
    public async Task ABadCollapseIsA400NamingIt(string query) =>
        await ApiAssert.ProblemAsync(await Client.GetAsync($"/api/search?q=car&{query}"), HttpStatusCode.BadRequest, "collapse");

    /// <summary>The collapsed answer is the full one without the red car's group except its first member, in the same order.</summary>
    private static void AssertCollapsed(SearchResponse all, SearchResponse collapsed)
    {
        var firstOfGroup = all.Results.First(r => RedGroup.Contains(r.Id)).Id;
        Assert.Equal(
            all.Results.Where(r => !RedGroup.Contains(r.Id) || r.Id == firstOfGroup).Select(r => r.Id),
            collapsed.Results.Select(r => r.Id));
    }
}
