using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Index;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Serve;

/// <summary>serve end to end: uploads to Azurite reach the index through the container watcher, and the API answers.</summary>
[Collection(SharedAzurite.Name)]
public sealed class ServeTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _indexDirectory = Directory.CreateTempSubdirectory("carsearch-serve-index-").FullName;
    private readonly string _container = ServeInstance.NewContainerName();

    public void Dispose() => Directory.Delete(_indexDirectory, recursive: true);

    [Fact]
    public async Task IndexesUploadedImagesAndFindsThemByTextByPhotoAndByMetadata()
    {
        await using var serve = await ServeInstance.StartAsync(azurite, _container, _indexDirectory);
        var files = ReferenceGoldens.Images.Select(image => image.File).ToArray();
        var makes = new Dictionary<string, string>();
        for (var i = 0; i < files.Length; i++)
        {
            makes[files[i]] = i % 2 == 0 ? "Tesla" : "Volvo";
            await serve.UploadKitImageAsync(files[i], metadata: new Dictionary<string, string> { ["make"] = makes[files[i]] });
        }

        await serve.WaitUntilIndexedAsync(files.Length);

        var text = Uri.EscapeDataString(ReferenceGoldens.Texts[0].Text);
        var all = Results(await serve.GetJsonAsync($"/api/search?q={text}&top=100"));
        Assert.Equal(files.Order(), all.Select(r => r.GetProperty("name").GetString()).Order());
        var scores = all.Select(r => r.GetProperty("score").GetDouble()).ToArray();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(scores, score => Assert.InRange(score, -1.0, 1.0));

        var volvos = Results(await serve.GetJsonAsync($"/api/search?q={text}&top=100&make=Volvo"));
        Assert.Equal(
            makes.Where(m => m.Value == "Volvo").Select(m => m.Key).Order(),
            volvos.Select(r => r.GetProperty("name").GetString()).Order());

        foreach (var file in files)
        {
            using var photo = new ByteArrayContent(await File.ReadAllBytesAsync(ReferenceKit.PathOf("images", file)));
            using var response = await serve.Client.PostAsync(new Uri("/api/search/image?top=1", UriKind.Relative), photo);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var best = Assert.Single(Results(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement));
            Assert.Equal(file, best.GetProperty("name").GetString());
            Assert.Equal(1.0, best.GetProperty("score").GetDouble(), 4);
        }
    }

    [Fact]
    public async Task IndexedImagesCarryFacetsThatFilterAndEverySearchCountsThem()
    {
        await using var serve = await ServeInstance.StartAsync(azurite, _container, _indexDirectory);
        var files = ReferenceGoldens.Images.Select(image => image.File).ToArray();
        foreach (var file in files)
        {
            await serve.UploadKitImageAsync(file);
        }

        await serve.WaitUntilIndexedAsync(files.Length);

        var answer = await serve.GetJsonAsync("/api/search?q=a%20car&top=100");
        var all = Results(answer);
        var facets = answer.GetProperty("facets");
        Assert.Equal(["auto.colour", "auto.body", "auto.view"], facets.EnumerateObject().Select(facet => facet.Name));
        foreach (var facet in facets.EnumerateObject())
        {
            var labels = all.Select(r => r.GetProperty("metadata").GetProperty(facet.Name).GetString()!).ToList();
            Assert.All(all, r => Assert.True(r.GetProperty("metadata").TryGetProperty(facet.Name + ".margin", out _)));
            var counted = facet.Value.EnumerateObject().Select(count => KeyValuePair.Create(count.Name, count.Value.GetInt32()));
            Assert.Equal(
                labels.CountBy(label => label).OrderBy(count => count.Key, StringComparer.Ordinal),
                counted.OrderBy(count => count.Key, StringComparer.Ordinal));
        }

        var colour = all.First().GetProperty("metadata").GetProperty("auto.colour").GetString()!;
        var filtered = Results(await serve.GetJsonAsync($"/api/search?q=a%20car&top=100&auto.colour={Uri.EscapeDataString(colour)}"));
        var expected = all.Where(r => r.GetProperty("metadata").GetProperty("auto.colour").GetString() == colour);
        Assert.Equal(
            expected.Select(r => r.GetProperty("name").GetString()).Order(),
            filtered.Select(r => r.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task ABadUploadIsListedWithItsNameAndReasonWhileTheGoodOnesAreIndexed()
    {
        await using var serve = await ServeInstance.StartAsync(azurite, _container, _indexDirectory);
        var good = ReferenceGoldens.Images.Take(2).Select(image => image.File).ToArray();
        var notAnImage = Encoding.UTF8.GetBytes("Notes about a red car, saved with a photo's name.\n");
        await serve.Images.UploadAsync("notes.jpg", notAnImage, new Dictionary<string, string>());
        foreach (var file in good)
        {
            await serve.UploadKitImageAsync(file);
        }

        var status = await serve.WaitForStatusAsync(
            s => s.GetProperty("indexed").GetInt64() == good.Length && s.GetProperty("failed").GetInt64() == 1,
            "the good images indexed and the bad one failed");

        var failure = Assert.Single(status.GetProperty("failures").EnumerateArray());
        Assert.Equal("notes.jpg", failure.GetProperty("name").GetString());
        var expected = Assert.Throws<ImageRejectedException>(() => new ImagePreprocessor(new ImageOptions()).Preprocess(notAnImage)).Message;
        Assert.Equal(expected, failure.GetProperty("reason").GetString());
        Assert.Contains(serve.Log.Lines, line => line.Contains("Rejected 'notes.jpg'", StringComparison.Ordinal));
        foreach (var file in good)
        {
            Assert.Contains(serve.Log.Lines, line => line.Contains($"Indexed '{file}'", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ADeletedBlobLeavesTheIndexAtTheNextReconciliation()
    {
        var settings = new Dictionary<string, string?> { ["CarSearch:Ingest:ReconciliationInterval"] = "00:00:01" };
        await using var serve = await ServeInstance.StartAsync(azurite, _container, _indexDirectory, settings);
        var (kept, deleted) = (ReferenceGoldens.Images[0].File, ReferenceGoldens.Images[1].File);
        await serve.UploadKitImageAsync(kept);
        await serve.UploadKitImageAsync(deleted);
        await serve.WaitUntilIndexedAsync(2);

        await serve.Container.DeleteBlobAsync(deleted);

        await serve.WaitUntilIndexedAsync(1);
        using var gone = await serve.Client.GetAsync(new Uri($"/api/images/{DocumentId.FromName(deleted)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var still = await serve.Client.GetAsync(new Uri($"/api/images/{DocumentId.FromName(kept)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task ARestartOnTheSameIndexKeepsEveryDocumentAndEmbedsOnlyNewUploads()
    {
        var files = ReferenceGoldens.Images.Select(image => image.File).ToArray();
        var (before, after) = (files[..^1], files[^1]);
        await using (var first = await ServeInstance.StartAsync(azurite, _container, _indexDirectory))
        {
            foreach (var file in before)
            {
                await first.UploadKitImageAsync(file);
            }

            await first.WaitUntilIndexedAsync(before.Length);
        }

        await using var second = await ServeInstance.StartAsync(azurite, _container, _indexDirectory);
        var health = await second.GetJsonAsync("/api/health");
        Assert.Equal(before.Length, health.GetProperty("documents").GetInt64());
        Assert.Contains(second.Log.Lines, line => line.Contains(
            string.Create(CultureInfo.InvariantCulture, $"in {_indexDirectory}, {before.Length} documents"), StringComparison.Ordinal));

        // The trigger looks at the blobs already there before it sees a new one, so once the new one is indexed,
        // any old one it (wrongly) took for new would have been embedded too.
        await second.UploadKitImageAsync(after);
        await second.WaitUntilIndexedAsync(files.Length);
        var embedded = second.Log.Lines.Where(line => line.Contains(" Indexed '", StringComparison.Ordinal)).ToArray();
        Assert.Contains($"Indexed '{after}'", Assert.Single(embedded), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoServesOnOneAzuriteEachIndexTheirOwnContainer()
    {
        var otherIndex = Directory.CreateTempSubdirectory("carsearch-serve-index-").FullName;
        try
        {
            await using var first = await ServeInstance.StartAsync(azurite, _container, _indexDirectory);
            await using var second = await ServeInstance.StartAsync(azurite, ServeInstance.NewContainerName(), otherIndex);
            var files = ReferenceGoldens.Images.Select(image => image.File).ToArray();
            var (mine, theirs) = (files[..(files.Length / 2)], files[(files.Length / 2)..]);

            foreach (var (serve, batch) in new[] { (first, mine), (second, theirs) })
            {
                foreach (var file in batch)
                {
                    await serve.UploadKitImageAsync(file);
                }
            }

            await first.WaitUntilIndexedAsync(mine.Length);
            await second.WaitUntilIndexedAsync(theirs.Length);

            // Each holds its own container's images and nothing of the other's, a few scans later too.
            await Task.Delay(TimeSpan.FromSeconds(3));
            foreach (var (serve, batch) in new[] { (first, mine), (second, theirs) })
            {
                var names = Results(await serve.GetJsonAsync("/api/search?q=car&top=100")).Select(r => r.GetProperty("name").GetString());
                Assert.Equal(batch.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
            }
        }
        finally
        {
            Directory.Delete(otherIndex, recursive: true);
        }
    }

    private static JsonElement[] Results(JsonElement page) => [.. page.GetProperty("results").EnumerateArray()];
}
