using Azure.Storage.Blobs;
using CarSearch.Core.Ingest;
using CarSearch.Ingest.Tests.Infrastructure;
using CarSearch.Storage;
using Microsoft.Extensions.Options;

namespace CarSearch.Ingest.Tests.Storage;

/// <summary>The failures every instance shares, as blobs on a real Azurite.</summary>
[Collection(WithAzuriteAndModel.Name)]
public sealed class BlobIngestLedgerTests(IngestEnvironment environment)
{
    private readonly BlobContainerClient _container =
        new BlobServiceClient(environment.Azurite.ConnectionString).GetBlobContainerClient("ledger-" + Guid.NewGuid().ToString("N")[..16]);

    [Fact]
    public async Task ARecordedFailureIsListedWithNameReasonAndTimeUntilCleared()
    {
        using var ledger = Ledger();
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        await ledger.RecordAsync("cars/red.jpg", null, IngestFailureKind.Rejected, "The JPEG file is incomplete.");
        var failure = Assert.Single(await ledger.ListAsync());

        Assert.Equal(("cars/red.jpg", "The JPEG file is incomplete."), (failure.Name, failure.Reason));
        Assert.InRange(failure.At, before, DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.True(await ledger.ClearAsync("cars/red.jpg"));
        Assert.False(await ledger.ClearAsync("cars/red.jpg"));
        Assert.Empty(await ledger.ListAsync());
    }

    [Fact]
    public async Task RecordingAgainReplacesTheReason()
    {
        using var ledger = Ledger();

        await ledger.RecordAsync("car.jpg", null, IngestFailureKind.Rejected, "first");
        await ledger.RecordAsync("car.jpg", null, IngestFailureKind.Rejected, "second");

        Assert.Equal("second", Assert.Single(await ledger.ListAsync()).Reason);
    }

    [Fact]
    public async Task ClearingOnlyTouchesTheExactName()
    {
        using var ledger = Ledger();
        await ledger.RecordAsync("car.jpg.bak", null, IngestFailureKind.Rejected, "not an image");

        Assert.False(await ledger.ClearAsync("car.jpg"));
        Assert.Single(await ledger.ListAsync());
    }

    [Theory]
    [InlineData("Škoda Octavia – 車.jpg", "Le fichier « JPEG » est incomplet.")]
    [InlineData("a/b/c d%20e.png", "100% broken")]
    public async Task NamesAndReasonsBeyondAsciiRoundTrip(string name, string reason)
    {
        using var ledger = Ledger();

        await ledger.RecordAsync(name, null, IngestFailureKind.Rejected, reason);

        var failure = Assert.Single(await ledger.ListAsync());
        Assert.Equal((name, reason), (failure.Name, failure.Reason));
    }

    [Fact]
    public async Task ANameTooLongToPrefixIsKeptWhole()
    {
        using var ledger = Ledger();
        var name = string.Concat(Enumerable.Repeat("long-name/", 101)) + "car.jpg";

        await ledger.RecordAsync(name, null, IngestFailureKind.Rejected, "too long a story");

        Assert.Equal(name, Assert.Single(await ledger.ListAsync()).Name);
        Assert.True(await ledger.ClearAsync(name));
    }

    [Fact]
    public async Task OnlyTheNewestFailuresAreKept()
    {
        using var ledger = Ledger(maxKept: 3);
        await ledger.RecordAsync("old-1.jpg", null, IngestFailureKind.Rejected, "old");
        await ledger.RecordAsync("old-2.jpg", null, IngestFailureKind.Rejected, "old");
        var oldAt = (await ledger.ListAsync())[0].At;

        // Storage stamps whole seconds: the newer ones must be in a later second to be newer.
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow >= oldAt.AddSeconds(1.1), "the clock passes the old failures' second");
        foreach (var name in new[] { "new-1.jpg", "new-2.jpg", "new-3.jpg" })
        {
            await ledger.RecordAsync(name, null, IngestFailureKind.Rejected, "new");
        }

        var kept = await ledger.ListAsync();
        Assert.Equal(["new-1.jpg", "new-2.jpg", "new-3.jpg"], kept.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AFailureKeepsItsKindAndTheVersionThatFailed()
    {
        using var ledger = Ledger();

        await ledger.RecordAsync("bad.jpg", "\"0x8DC0000000000A1\"", IngestFailureKind.Rejected, "not an image");
        await ledger.RecordAsync("stuck.jpg", "\"0x8DC0000000000B2\"", IngestFailureKind.GaveUp, "Gave up after 3 attempts");

        var failures = (await ledger.ListAsync()).ToDictionary(f => f.Name);
        Assert.Equal((IngestFailureKind.Rejected, "\"0x8DC0000000000A1\""), (failures["bad.jpg"].Kind, failures["bad.jpg"].Version));
        Assert.Equal((IngestFailureKind.GaveUp, "\"0x8DC0000000000B2\""), (failures["stuck.jpg"].Kind, failures["stuck.jpg"].Version));
    }

    [Fact]
    public async Task AFailureRecordedBeforeKindsAndVersionsWereKeptReadsAsARejectionOfNoKnownVersion()
    {
        using var ledger = Ledger();
        await _container.CreateIfNotExistsAsync();
        await _container.GetBlobClient("failures/old.jpg").UploadAsync(
            BinaryData.Empty, new Azure.Storage.Blobs.Models.BlobUploadOptions { Metadata = new Dictionary<string, string> { ["reason"] = "old" } });

        var failure = Assert.Single(await ledger.ListAsync());

        Assert.Equal(("old.jpg", "old", IngestFailureKind.Rejected, (string?)null), (failure.Name, failure.Reason, failure.Kind, failure.Version));
    }

    [Fact]
    public async Task ListingIsNewestFirst()
    {
        using var ledger = Ledger();
        await ledger.RecordAsync("first.jpg", null, IngestFailureKind.Rejected, "x");
        var firstAt = (await ledger.ListAsync())[0].At;
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow >= firstAt.AddSeconds(1.1), "a second passes");
        await ledger.RecordAsync("second.jpg", null, IngestFailureKind.Rejected, "x");

        Assert.Equal(["second.jpg", "first.jpg"], (await ledger.ListAsync()).Select(f => f.Name));
    }

    [Fact]
    public async Task ANewLedgerListsNothingWithoutCreatingItsContainer()
    {
        using var ledger = Ledger();

        Assert.Empty(await ledger.ListAsync());
        Assert.False((await _container.ExistsAsync()).Value);
    }

    private BlobIngestLedger Ledger(int maxKept = IngestOptions.DefaultMaxFailuresKept) =>
        new(_container, Options.Create(new IngestOptions { MaxFailuresKept = maxKept }));
}
