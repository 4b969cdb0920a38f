using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Infrastructure;

/// <summary>A real Azurite for the index tests; each test takes a container of its own.</summary>
public sealed class StorageFixture : IDisposable
{
    private int _containers;

    public AzuriteServer Azurite { get; } = new();

    public string ConnectionString => Azurite.ConnectionString;

    /// <summary>A container name no other test uses (not created: the CLI must create it).</summary>
    public string NewContainerName() =>
        string.Create(CultureInfo.InvariantCulture, $"index-test-{Interlocked.Increment(ref _containers)}");

    public BlobContainerClient Container(string name) => new(ConnectionString, name);

    /// <summary>Every blob in the container with its metadata as stored (still encoded) and its properties.</summary>
    public async Task<Dictionary<string, BlobItem>> BlobsAsync(string container)
    {
        var blobs = new Dictionary<string, BlobItem>(StringComparer.Ordinal);
        var client = Container(container);
        if (!await client.ExistsAsync())
        {
            return blobs;
        }

        await foreach (var item in client.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
        {
            blobs.Add(item.Name, item);
        }

        return blobs;
    }

    public void Dispose() => Azurite.Dispose();
}

[CollectionDefinition(Name)]
public sealed class WithStorage : ICollectionFixture<StorageFixture>
{
    public const string Name = "carsearch index against Azurite";
}
