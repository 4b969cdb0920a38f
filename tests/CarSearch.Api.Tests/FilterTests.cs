using CarSearch.Api.Tests.Infrastructure;
using CarSearch.Core.Index;
using CarSearch.Tests;

namespace CarSearch.Api.Tests;

/// <summary>Query parameters besides the API's own filter on metadata by equality.</summary>
[Collection(KitApi.Name)]
public sealed class FilterTests(KitApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string> Formats => KitCatalog.Formats();

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task AFilterKeepsExactlyTheImagesWithThatValue(string format)
    {
        var expected = KitCatalog.Images.Where(i => i.Format == format).Select(i => i.File).Order(StringComparer.Ordinal);

        var search = await _client.GetSearchAsync($"/api/search?q=car&top=100&{KitApiFixture.FormatField}={Uri.EscapeDataString(format)}");

        Assert.Equal(expected, search.Results.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FilterNamesIgnoreCaseButValuesDoNot()
    {
        var format = KitCatalog.Images[0].Format;

        var upperName = await _client.GetSearchAsync($"/api/search?q=car&top=100&{KitApiFixture.FormatField.ToUpperInvariant()}={format}");
        var lowerValue = await _client.GetSearchAsync($"/api/search?q=car&top=100&{KitApiFixture.FormatField}={format.ToLowerInvariant()}");

        Assert.Equal(KitCatalog.Images.Count(i => i.Format == format), upperName.Results.Count);
        Assert.Empty(lowerValue.Results);
        Assert.Null(lowerValue.ContinuationToken);
    }

    [Fact]
    public async Task TwoFiltersMustBothMatch()
    {
        var image = KitCatalog.Images[0];
        var expected = KitCatalog.Images.Where(i => i.Format == image.Format && i.PilMode == image.PilMode).Select(i => i.File);

        var search = await _client.GetSearchAsync(
            $"/api/search?q=car&top=100&{KitApiFixture.FormatField}={image.Format}&{KitApiFixture.ModeField}={image.PilMode}");

        Assert.Equal(expected.Order(StringComparer.Ordinal), search.Results.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SimilarAndPhotoSearchesFilterToo()
    {
        var image = KitCatalog.Images[0];
        var id = Uri.EscapeDataString(DocumentId.FromName(image.File));
        var expected = KitCatalog.Images.Where(i => i.Format == image.Format).Select(i => i.File).ToList();

        var similar = await _client.GetSearchAsync($"/api/images/{id}/similar?top=100&{KitApiFixture.FormatField}={image.Format}");
        using var body = new ByteArrayContent(image.ReadBytes());
        var byPhoto = await ApiAssert.SearchAsync(
            await _client.PostAsync($"/api/search/image?top=100&{KitApiFixture.FormatField}={image.Format}", body));

        Assert.Equal(expected.Where(f => f != image.File).Order(StringComparer.Ordinal), similar.Results.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), byPhoto.Results.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheFunctionsKeyParameterIsNotAFilter()
    {
        var withKey = await _client.GetSearchAsync("/api/search?q=car&top=100&code=some-function-key");

        Assert.Equal(KitCatalog.Images.Count, withKey.Results.Count);
    }
}
