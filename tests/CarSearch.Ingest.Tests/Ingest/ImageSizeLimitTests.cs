using CarSearch.Core.Ingest;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>The one wording of a file over the size limit, which the ingest and <c>carsearch index</c> both give.</summary>
public sealed class ImageSizeLimitTests
{
    [Fact]
    public void TheRefusalGivesBothSizesAndTheSettingThatWouldLetTheFileIn()
    {
        Assert.Equal(
            "The file is 20.5 MB; the limit is 20 MB (CarSearch:Ingest:MaxImageBytes).",
            ImageSizeLimit.TooLarge(21_500_000, IngestOptions.DefaultMaxImageBytes));
        Assert.Equal(
            "The file is 1.0 MB; the limit is 0.5 MB (CarSearch:Ingest:MaxImageBytes).",
            ImageSizeLimit.TooLarge(1024 * 1024, 512 * 1024));
    }
}
