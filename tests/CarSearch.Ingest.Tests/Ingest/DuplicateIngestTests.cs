using CarSearch.Core.Index;
using CarSearch.Core.Ingest;
using CarSearch.Ingest.Tests.Infrastructure;
using CarSearch.Tests;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>
/// Near-duplicates at ingest: a copy of an indexed image is marked with its group's representative, a different image
/// is not, and groups stay whole and flat when copies arrive together, are re-indexed, or lose their representative.
/// </summary>
[Collection(WithAzuriteAndModel.Name)]
public sealed class DuplicateIngestTests(IngestEnvironment environment) : IngestTestBase(environment)
{
    private static readonly KitImage RedCar = KitCatalog.Image("street_red_car_640x480.jpg");

    private static readonly KitImage YellowCar = KitCatalog.Image("street_yellow_car_512x384.webp");

    [Fact]
    public async Task TheSameImageUnderAnotherNameIsADuplicateOfTheFirst()
    {
        var host = await StartHostAsync();
        await IngestAsync(host, "first.jpg", RedCar.ReadBytes());
        await IngestAsync(host, "second.jpg", RedCar.ReadBytes());
        await IngestAsync(host, "third.jpg", RedCar.ReadBytes());

        Assert.Null(await DuplicateOfAsync(host, "first.jpg"));
        Assert.Equal(Id("first.jpg"), await DuplicateOfAsync(host, "second.jpg"));
        // Flat: the third is nearest to both (equal scores), and names the representative either way.
        Assert.Equal(Id("first.jpg"), await DuplicateOfAsync(host, "third.jpg"));
    }

    [Fact]
    public async Task AResizedReencodedCopyIsADuplicateAndADifferentCarIsNot()
    {
        var host = await StartHostAsync();
        await IngestAsync(host, "red.jpg", RedCar.ReadBytes());

        await IngestAsync(host, "red-smaller.jpg", ResizedCopy(RedCar, 600, 450));
        await IngestAsync(host, "yellow.webp", YellowCar.ReadBytes());

        Assert.Equal(Id("red.jpg"), await DuplicateOfAsync(host, "red-smaller.jpg"));
        Assert.Null(await DuplicateOfAsync(host, "yellow.webp"));
        Assert.Null(await DuplicateOfAsync(host, "red.jpg"));
    }

    [Fact]
    public async Task AThresholdOfOneMarksOnlyExactCopies()
    {
        var host = await StartHostAsync(new Dictionary<string, string?> { ["CarSearch:Ingest:DuplicateThreshold"] = "1" });
        await IngestAsync(host, "red.jpg", RedCar.ReadBytes());

        await IngestAsync(host, "red-smaller.jpg", ResizedCopy(RedCar, 600, 450));

        Assert.Null(await DuplicateOfAsync(host, "red-smaller.jpg"));
    }

    [Fact]
    public async Task CopiesIngestedAtOnceFormOneGroup()
    {
        var host = await StartHostAsync();
        var names = Enumerable.Range(0, 6).Select(i => $"burst-{i}.jpg").ToList();
        foreach (var name in names)
        {
            await host.UploadAsync(name, RedCar.ReadBytes());
        }

        await Task.WhenAll(names.Select(name => host.Ingest.IngestStoredAsync(name)));

        var groups = await Task.WhenAll(names.Select(name => DuplicateOfAsync(host, name)));
        var representative = Assert.Single(names, name => groups[names.IndexOf(name)] is null);
        Assert.All(groups.Where(group => group is not null), group => Assert.Equal(Id(representative), group));
    }

    [Fact]
    public async Task DeletingTheRepresentativeHandsTheGroupToTheLowestId()
    {
        var host = await StartHostAsync();
        foreach (var name in new[] { "a.jpg", "c.jpg", "b.jpg" })
        {
            await IngestAsync(host, name, RedCar.ReadBytes());
        }

        await host.Blobs.DeleteAsync("a.jpg");
        Assert.True(await host.Ingest.RemoveDeletedAsync("a.jpg"));

        Assert.Null(await DuplicateOfAsync(host, "b.jpg"));
        Assert.Equal(Id("b.jpg"), await DuplicateOfAsync(host, "c.jpg"));
    }

    [Fact]
    public async Task ARepresentativeReplacedByAnotherPictureLeavesItsGroupToASuccessor()
    {
        var host = await StartHostAsync();
        foreach (var name in new[] { "a.jpg", "b.jpg", "c.jpg" })
        {
            await IngestAsync(host, name, RedCar.ReadBytes());
        }

        await IngestAsync(host, "a.jpg", YellowCar.ReadBytes());

        Assert.Null(await DuplicateOfAsync(host, "a.jpg"));
        Assert.Null(await DuplicateOfAsync(host, "b.jpg"));
        Assert.Equal(Id("b.jpg"), await DuplicateOfAsync(host, "c.jpg"));
    }

    [Fact]
    public async Task AForcedReindexKeepsTheGroups()
    {
        var host = await StartHostAsync();
        await IngestAsync(host, "red.jpg", RedCar.ReadBytes());
        await IngestAsync(host, "red-copy.jpg", RedCar.ReadBytes());
        await IngestAsync(host, "yellow.webp", YellowCar.ReadBytes());

        foreach (var name in new[] { "red.jpg", "red-copy.jpg", "yellow.webp" })
        {
            Assert.Equal(IngestResult.Indexed, (await host.Ingest.IngestStoredAsync(name, force: true)).Result);
        }

        Assert.Null(await DuplicateOfAsync(host, "red.jpg"));
        Assert.Equal(Id("red.jpg"), await DuplicateOfAsync(host, "red-copy.jpg"));
        Assert.Null(await DuplicateOfAsync(host, "yellow.webp"));
    }

    private static string Id(string name) => DocumentId.FromName(name);

    private static async Task IngestAsync(IngestHost host, string name, byte[] content)
    {
        await host.UploadAsync(name, content);
        Assert.Equal(IngestResult.Indexed, (await host.Ingest.IngestStoredAsync(name)).Result);
    }

    private static async Task<string?> DuplicateOfAsync(IngestHost host, string name) =>
        (await host.Index.GetAsync(Id(name)) ?? throw new InvalidOperationException($"{name} is not indexed.")).DuplicateOf;

    /// <summary>The image scaled down a little and saved again as a JPEG: a copy as a phone or a website makes one.</summary>
    private static byte[] ResizedCopy(KitImage image, int width, int height)
    {
        using var decoded = Image.Load(image.ReadBytes());
        decoded.Mutate(pixels => pixels.Resize(width, height));
        using var encoded = new MemoryStream();
        decoded.Save(encoded, new JpegEncoder { Quality = 85 });
        return encoded.ToArray();
    }
}
