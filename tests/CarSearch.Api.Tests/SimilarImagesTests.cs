using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Tests;

namespace CarSearch.Api.Tests;

/// <summary>GET /api/images/{id}/similar: more like this one, without this one.</summary>
[Collection(KitApi.Name)]
public sealed class SimilarImagesTests(KitApiFixture fixture)
{
    private const double ScoreTolerance = 1e-5;

    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string> Images => KitCatalog.ImageFiles();

    [Theory]
    [MemberData(nameof(Images))]
    public async Task SimilarRanksLikeASearchWithThePhotoLeavingItOut(string file)
    {
        var id = DocumentId.FromName(file);
        using var body = new ByteArrayContent(KitCatalog.Image(file).ReadBytes());
        var byPhoto = await ApiAssert.SearchAsync(await _client.PostAsync("/api/search/image?top=100", body));

        var similar = await _client.GetSearchAsync($"/api/images/{Uri.EscapeDataString(id)}/similar?top=100");

        Assert.DoesNotContain(similar.Results, r => r.Id == id);
        var expected = byPhoto.Results.Where(r => r.Id != id).ToList();
        Assert.Equal(KitCatalog.Images.Count - 1, similar.Results.Count);
        Assert.Equal(expected.Select(r => r.Id), similar.Results.Select(r => r.Id));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Score, similar.Results[i].Score, ScoreTolerance);
        }
    }

    [Fact]
    public async Task SimilarPagesAndDefaultsToTen()
    {
        var id = Uri.EscapeDataString(DocumentId.FromName(KitCatalog.Images[0].File));

        var first = await _client.GetSearchAsync($"/api/images/{id}/similar");
        var all = await _client.GetSearchAsync($"/api/images/{id}/similar?top=100");

        Assert.Equal(Math.Min(VectorQuery.DefaultTop, KitCatalog.Images.Count - 1), first.Results.Count);
        Assert.Equal(all.Results.Take(first.Results.Count).Select(r => r.Id), first.Results.Select(r => r.Id));
        if (first.ContinuationToken is not null)
        {
            var next = await _client.GetSearchAsync(
                $"/api/images/{id}/similar?continuationToken={Uri.EscapeDataString(first.ContinuationToken)}");
            Assert.Equal(all.Results.Skip(first.Results.Count).Select(r => r.Id), next.Results.Select(r => r.Id));
        }
    }
}
