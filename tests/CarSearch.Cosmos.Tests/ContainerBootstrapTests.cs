using System.Net;
using System.Text.Json.Nodes;
using CarSearch.Tests.Cosmos;

namespace CarSearch.Cosmos.Tests;

/// <summary>InitializeAsync creates the database and container with the vector policy, or checks the existing one.</summary>
public class ContainerBootstrapTests
{
    public static TheoryData<string, int, string> Policies => new()
    {
        { "diskANN", 512, "diskANN" },
        { "quantizedFlat", 512, "quantizedFlat" },
        { "DiskAnn", 768, "diskANN" },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task CreatesTheContainerWithTheVectorPolicyAndIdPartitionKey(string configured, int dimensions, string sent)
    {
        using var account = new FakeCosmosAccount(o =>
        {
            o.Dimensions = dimensions;
            o.Cosmos.VectorIndexType = configured;
            o.Cosmos.Database = "db-under-test";
            o.Cosmos.Container = "vectors";
        });

        await account.Index.InitializeAsync();

        var createDatabase = Assert.Single(account.Requests(r => r.Method == HttpMethod.Post && r.Uri.AbsolutePath == "/dbs"));
        Assert.Equal("db-under-test", JsonNode.Parse(createDatabase.Body)!["id"]!.GetValue<string>());

        var create = Assert.Single(account.Requests(r => r.Method == HttpMethod.Post && r.Uri.AbsolutePath == "/dbs/db-under-test/colls"));
        var body = JsonNode.Parse(create.Body)!;
        Assert.Equal("vectors", body["id"]!.GetValue<string>());
        Assert.Equal("/id", Assert.Single(body["partitionKey"]!["paths"]!.AsArray())!.GetValue<string>());
        Assert.Equal("Hash", body["partitionKey"]!["kind"]!.GetValue<string>());

        var embedding = Assert.Single(body["vectorEmbeddingPolicy"]!["vectorEmbeddings"]!.AsArray())!;
        Assert.Equal("/embedding", embedding["path"]!.GetValue<string>());
        Assert.Equal("float32", embedding["dataType"]!.GetValue<string>());
        Assert.Equal(dimensions, embedding["dimensions"]!.GetValue<int>());
        Assert.Equal("cosine", embedding["distanceFunction"]!.GetValue<string>());

        var indexing = body["indexingPolicy"]!;
        var vectorIndex = Assert.Single(indexing["vectorIndexes"]!.AsArray())!;
        Assert.Equal("/embedding", vectorIndex["path"]!.GetValue<string>());
        Assert.Equal(sent, vectorIndex["type"]!.GetValue<string>());
        Assert.Contains(indexing["excludedPaths"]!.AsArray(), p => p!["path"]!.GetValue<string>() == "/embedding/*");
    }

    [Fact]
    public async Task LeavesAnExistingContainerThatFitsAsItIs()
    {
        using var account = new FakeCosmosAccount(o => o.Dimensions = 8);
        await account.Index.InitializeAsync();
        var again = new CosmosVectorIndex(account.Client, Microsoft.Extensions.Options.Options.Create(account.Options));

        await again.InitializeAsync();

        Assert.Single(account.Requests(r => r.Method == HttpMethod.Post && r.Segments is [_, _, "colls"]));
    }

    [Fact]
    public async Task RefusesAnExistingContainerMadeForAnotherDimension()
    {
        using var account = new FakeCosmosAccount(o => o.Dimensions = 768);
        await account.Index.InitializeAsync();
        var options = account.Options;
        options.Dimensions = 512;
        var index = new CosmosVectorIndex(account.Client, Microsoft.Extensions.Options.Options.Create(options));

        var error = await Assert.ThrowsAsync<CosmosContainerMismatchException>(() => index.InitializeAsync());

        Assert.IsAssignableFrom<CosmosIndexException>(error);
        Assert.Equal("its vector policy has 768 dimensions, the model has 512", error.Mismatch);
        Assert.Contains(options.Cosmos.Container, error.Message, StringComparison.Ordinal);
        Assert.Contains("point CarSearch:Index:Cosmos:Container at another container", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContainerMadeWithAnotherDistanceIsAMismatchNamingTheFix()
    {
        using var account = new FakeCosmosAccount(o => o.Dimensions = 8);
        var options = account.Options;
        await account.Client.CreateDatabaseIfNotExistsAsync(options.Cosmos.Database);
        var euclidean = CosmosContainerPolicy.Build(options.Cosmos.Container, 8, CosmosContainerPolicy.DiskAnnIndexType);
        euclidean.VectorEmbeddingPolicy.Embeddings[0].DistanceFunction = Microsoft.Azure.Cosmos.DistanceFunction.Euclidean;
        await account.Client.GetDatabase(options.Cosmos.Database).CreateContainerAsync(euclidean);

        var error = await Assert.ThrowsAnyAsync<CosmosIndexException>(() => account.Index.InitializeAsync());

        var mismatch = Assert.IsType<CosmosContainerMismatchException>(error);
        Assert.Contains("Euclidean distance, expected cosine", mismatch.Mismatch, StringComparison.Ordinal);
        Assert.Contains($"container '{options.Cosmos.Container}' of database '{options.Cosmos.Database}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("delete the container", error.Message, StringComparison.Ordinal);
        Assert.Contains("CarSearch:Index:Cosmos:CreateIfNotExists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutCreateIfNotExistsAMissingContainerIsAClearErrorAndNothingIsCreated()
    {
        using var account = new FakeCosmosAccount(o => o.Cosmos.CreateIfNotExists = false);

        var error = await Assert.ThrowsAsync<CosmosIndexException>(() => account.Index.InitializeAsync());

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("CreateIfNotExists", error.Message, StringComparison.Ordinal);
        Assert.Contains(account.Options.Cosmos.Container, error.Message, StringComparison.Ordinal);
        Assert.Empty(account.Requests(r => r.Method == HttpMethod.Post));
    }
}
