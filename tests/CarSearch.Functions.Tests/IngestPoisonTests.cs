using CarSearch.Core.Ingest;
using System.Text.Json;
using CarSearch.Functions.Ingest;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Storage;
using CarSearch.Tests;

namespace CarSearch.Functions.Tests;

/// <summary>The poison queue function: a blob the trigger gave up on shows in the ingest status, with the attempts made.</summary>
[Collection(WithAzurite.Name)]
public sealed class IngestPoisonTests(FunctionsEnvironment environment) : OwnHostTests(environment)
{
    private const string Name = "stuck/car.jpg";

    private const string PoisonedETag = "\"0x8DCB5B5B5B5B5B5\"";

    [Fact]
    public async Task APoisonedBlobIsRecordedAsGivenUpWithTheHostJsonAttempts()
    {
        var attempts = HostJsonPoisonBlobThreshold();

        await DeliverAsync(PoisonMessage(Host.Container, Name));

        var failure = Assert.Single((await Host.StatusAsync()).Failures);
        Assert.Equal(Name, failure.Name);
        Assert.Equal(IngestFailureKind.GaveUp, failure.Kind);
        Assert.Equal(PoisonedETag, failure.Version);
        Assert.Contains($"{attempts} attempts", failure.Reason, StringComparison.Ordinal);
        Assert.Contains(IngestService.GaveUpReason, failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APoisonedBlobOfAnotherContainerIsIgnored()
    {
        await DeliverAsync(PoisonMessage("other-images", Name));

        Assert.Empty((await Host.StatusAsync()).Failures);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"Type\":\"BlobTrigger\"}")]
    [InlineData("[1, 2, 3]")]
    public async Task AMalformedMessageIsDroppedWithoutThrowing(string message)
    {
        await DeliverAsync(message);

        Assert.Empty((await Host.StatusAsync()).Failures);
    }

    /// <summary>What the blobs extension writes to <c>webjobs-blobtrigger-poison</c> (its BlobTriggerMessage).</summary>
    private static string PoisonMessage(string container, string name) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["Type"] = "BlobTrigger",
        ["FunctionId"] = "Host.Functions." + nameof(IngestImage),
        ["BlobType"] = "BlockBlob",
        ["ContainerName"] = container,
        ["BlobName"] = name,
        ["ETag"] = PoisonedETag,
    });

    private static int HostJsonPoisonBlobThreshold()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Directory, "host.json")));
        return hostJson.RootElement.GetProperty("extensions").GetProperty("blobs").GetProperty("poisonBlobThreshold").GetInt32();
    }

    private Task DeliverAsync(string message) =>
        Host.InvokeAsync<IngestPoison>(function => function.Run(message, CancellationToken.None));
}
