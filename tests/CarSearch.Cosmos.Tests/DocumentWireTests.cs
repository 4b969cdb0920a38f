using System.Text.Json.Nodes;
using CarSearch.Tests.Cosmos;

namespace CarSearch.Cosmos.Tests;

/// <summary>What an upsert puts on the wire: the document contract in camelCase, keyed by id.</summary>
public class DocumentWireTests
{
    private const int Dimensions = 512;

    private static readonly string[] ContractProperties =
        ["id", "name", "contentHash", "width", "height", "format", "sizeBytes", "metadata", "modelId", "indexedAt", "sourceVersion", "facetVersion", "duplicateOf", "embedding"];

    [Fact]
    public async Task UpsertSendsTheDocumentContractInCamelCaseWithTheIdAsPartitionKey()
    {
        using var account = new FakeCosmosAccount();
        await account.Index.InitializeAsync();
        var document = TestDocuments.Create("cars-a1.jpg", seed: 7, Dimensions, new Dictionary<string, string> { ["Make"] = "Audi" });

        await account.Index.UpsertAsync(document);

        var upsert = Assert.Single(account.Requests(r => r.Method == HttpMethod.Post && r.Segments is [.., "docs"] && !r.IsQuery && !r.IsQueryPlan));
        Assert.Equal("True", upsert.Header("x-ms-documentdb-is-upsert"));
        Assert.Equal($"[\"{document.Id}\"]", upsert.Header("x-ms-documentdb-partitionkey"));

        var body = JsonNode.Parse(upsert.Body)!.AsObject();
        Assert.Equal(
            ContractProperties.Append(CosmosDocumentMapping.FilterMetadataProperty).Order(StringComparer.Ordinal),
            body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(document.ContentHash, body["contentHash"]!.GetValue<string>());
        Assert.Equal(document.SizeBytes, body["sizeBytes"]!.GetValue<long>());
        Assert.Equal(document.IndexedAt, body["indexedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task EmbeddingsTravelAsJsonNumbersThatReadBackBitForBit()
    {
        using var account = new FakeCosmosAccount();
        await account.Index.InitializeAsync();
        var document = TestDocuments.Create("exact", seed: 11, Dimensions);

        await account.Index.UpsertAsync(document);
        var sent = JsonNode.Parse(account.Requests(r => r.Method == HttpMethod.Post && r.Segments is [.., "docs"]).Single().Body)!;
        var read = await account.Index.GetAsync(document.Id);

        Assert.Equal(document.Embedding, sent["embedding"]!.AsArray().Select(n => n!.GetValue<float>()));
        Assert.Equal(document.Embedding, read!.Embedding);
    }

    [Fact]
    public async Task MetadataKeepsItsKeysAndFiltersGetALowerCasedCopy()
    {
        using var account = new FakeCosmosAccount();
        await account.Index.InitializeAsync();
        var metadata = new Dictionary<string, string> { ["Make"] = "Citroën", ["MODEL"] = "DS", ["year"] = "1968" };
        var document = TestDocuments.Create("ds", seed: 3, Dimensions, metadata);

        await account.Index.UpsertAsync(document);

        var stored = account.Handler.StoredItem(account.Options.Cosmos.Database, account.Options.Cosmos.Container, document.Id)!;
        Assert.Equal(metadata, stored["metadata"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()));
        Assert.Equal(
            metadata.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value),
            stored[CosmosDocumentMapping.FilterMetadataProperty]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()));

        var read = await account.Index.GetAsync(document.Id);
        Assert.Equal("DS", read!.Metadata["model"]);
        Assert.Equal("Citroën", read.Metadata["MAKE"]);
    }

    [Fact]
    public async Task MetadataKeysThatDifferOnlyInCaseAreRejectedBeforeAnythingIsSent()
    {
        using var account = new FakeCosmosAccount();
        await account.Index.InitializeAsync();
        var document = TestDocuments.Create("twice", seed: 5, Dimensions, new Dictionary<string, string> { ["make"] = "Audi", ["Make"] = "BMW" });

        await Assert.ThrowsAsync<ArgumentException>(() => account.Index.UpsertAsync(document));

        Assert.Empty(account.Requests(r => r.Segments is [.., "docs"]));
    }
}
