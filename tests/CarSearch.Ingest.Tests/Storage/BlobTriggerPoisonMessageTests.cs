using CarSearch.Storage;

namespace CarSearch.Ingest.Tests.Storage;

/// <summary>The poison-queue message both hosts read: the blob it names, or nothing for anything else.</summary>
public sealed class BlobTriggerPoisonMessageTests
{
    [Fact]
    public void ReadsTheContainerAndBlobOfTheTriggersMessage()
    {
        const string body =
            """{"Type":"BlobTrigger","FunctionId":"Host.Functions.IngestImage","BlobType":"BlockBlob","ContainerName":"car-images","BlobName":"2019/red tesla.jpg","ETag":"\"0x8DC1\""}""";

        Assert.Equal(new BlobTriggerPoisonMessage("car-images", "2019/red tesla.jpg"), BlobTriggerPoisonMessage.TryParse(body));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("""{"Type":"BlobTrigger","ContainerName":"car-images"}""")]
    [InlineData("""{"ContainerName":"","BlobName":"a.jpg"}""")]
    [InlineData("[1, 2]")]
    public void AnythingElseIsNotAPoisonBlob(string? body) => Assert.Null(BlobTriggerPoisonMessage.TryParse(body));
}
