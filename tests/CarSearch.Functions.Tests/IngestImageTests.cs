using System.Text;
using CarSearch.Core.Embeddings.Images;
using CarSearch.Core.Facets;
using CarSearch.Core.Index;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Tests;

namespace CarSearch.Functions.Tests;

/// <summary>The blob trigger function: good images are indexed, a bad one is recorded without failing the trigger.</summary>
[Collection(WithAzurite.Name)]
public sealed class IngestImageTests(FunctionsEnvironment environment) : OwnHostTests(environment)
{
    [Fact]
    public async Task AnUploadedImageIsIndexedWithItsMetadata()
    {
        var image = KitCatalog.Images[0];
        var name = "lot 7/" + image.File;
        await Host.UploadAsync(name, image.ReadBytes(), new Dictionary<string, string> { ["make"] = "Škoda", ["year"] = "2019" });

        await Host.IngestAsync(name);

        var document = await Host.Index.GetAsync(DocumentId.FromName(name));
        Assert.NotNull(document);
        Assert.Equal(name, document.Name);
        Assert.Equal("Škoda", document.Metadata["make"]);
        Assert.Equal("2019", document.Metadata["year"]);

        // The facets come from the same shared ingest as carsearch serve's.
        Assert.All(FacetSet.All, set => Assert.False(string.IsNullOrEmpty(document.Metadata[set.LabelKey])));
        Assert.Equal(FacetVersion.Of(document.ModelId, new FacetOptions()), document.FacetVersion);
    }

    [Fact]
    public async Task ABadImageAmongGoodOnesIsRecordedAndTheTriggerSucceeds()
    {
        const string bad = "notes.jpg";
        var text = Encoding.UTF8.GetBytes("Not a photo: notes about a red car, saved with the wrong extension.\n");
        var good = KitCatalog.Images.Take(2).ToList();
        foreach (var image in good)
        {
            await Host.UploadAsync(image.File, image.ReadBytes());
        }

        await Host.UploadAsync(bad, text);

        foreach (var name in good.Select(image => image.File).Append(bad))
        {
            await Host.IngestAsync(name);
        }

        var status = await Host.StatusAsync();
        Assert.Equal(good.Count, status.Indexed);
        var failure = Assert.Single(status.Failures);
        Assert.Equal(bad, failure.Name);
        var expected = Assert.Throws<ImageRejectedException>(() => new ImagePreprocessor(new ImageOptions()).Preprocess(text));
        Assert.Equal(expected.Message, failure.Reason);
        Assert.Null(await Host.Index.GetAsync(DocumentId.FromName(bad)));
    }

    [Fact]
    public async Task ATriggerForABlobAlreadyGoneLeavesNothingBehind()
    {
        var image = KitCatalog.Images[0];
        await Host.UploadAsync(image.File, image.ReadBytes());
        await Host.IngestAsync(image.File);
        await Host.Blobs.DeleteAsync(image.File);

        await Host.IngestAsync(image.File);

        Assert.Null(await Host.Index.GetAsync(DocumentId.FromName(image.File)));
        Assert.Equal(0, (await Host.StatusAsync()).Failed);
    }
}
