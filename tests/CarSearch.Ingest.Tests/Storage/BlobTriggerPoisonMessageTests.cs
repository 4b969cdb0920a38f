using System.Text;
using CarSearch.Storage;

namespace CarSearch.Ingest.Tests.Storage;

/// <summary>The poison-queue message the Functions app reads: the blob and version it names, or nothing for anything else.</summary>
public sealed class BlobTriggerPoisonMessageTests
{
    private const string TriggerMessage =
        """{"Type":"BlobTrigger","FunctionId":"Host.Functions.IngestImage","BlobType":"BlockBlob","ContainerName":"car-images","BlobName":"2019/red tesla.jpg","ETag":"\"0x8DC1\""}""";

    [Fact]
    public void ReadsTheContainerAndBlobOfTheTriggersMessage() =>
        Assert.Equal(new BlobTriggerPoisonMessage("car-images", "2019/red tesla.jpg", "\"0x8DC1\""), BlobTriggerPoisonMessage.TryParse(TriggerMessage));

    /// <summary>The version compares with listings', which are quoted whatever the message held.</summary>
    [Theory]
    [InlineData("\\\"0x8DC1\\\"")]
    [InlineData("0x8DC1")]
    public void TheETagIsReadAsTheVersionThatFailed(string etag) =>
        Assert.Equal(
            "\"0x8DC1\"",
            BlobTriggerPoisonMessage.TryParse($$"""{"ContainerName":"car-images","BlobName":"a.jpg","ETag":"{{etag}}"}""")!.Version);

    /// <summary>A queue read without decoding (messageEncoding "none", or a message a tool wrote) hands over base64.</summary>
    [Fact]
    public void ReadsTheMessageStillInBase64()
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(TriggerMessage));

        Assert.Equal(new BlobTriggerPoisonMessage("car-images", "2019/red tesla.jpg", "\"0x8DC1\""), BlobTriggerPoisonMessage.TryParse(base64));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("""{"Type":"BlobTrigger","ContainerName":"car-images"}""")]
    [InlineData("""{"ContainerName":"","BlobName":"a.jpg"}""")]
    [InlineData("[1, 2]")]
    [InlineData("bm90IGpzb24=")]
    public void AnythingElseIsNotAPoisonBlob(string? body) => Assert.Null(BlobTriggerPoisonMessage.TryParse(body));
}
