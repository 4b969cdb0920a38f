using System.Text.Json.Nodes;
using CarSearch.Core.Index;
using CarSearch.Cosmos;
using CarSearch.Infra.Tests.Arm;
using CarSearch.Infra.Tests.Bicep;
using Newtonsoft.Json;

namespace CarSearch.Infra.Tests;

/// <summary>
/// The Cosmos DB container Bicep creates is the one the app would create (CosmosContainerPolicy.Build), because the
/// app runs with CreateIfNotExists=false and refuses a container made for another shape at start.
/// </summary>
public class CosmosContainerTests
{
    /// <summary>The first API version whose schema has vectorEmbeddingPolicy and vectorIndexes; older ones reject them.</summary>
    private const string FirstVectorApiVersion = "2024-11-15";

    private static readonly CosmosIndexOptions AppDefaults = new();

    private static readonly int AppDimensions = new IndexOptions().Dimensions;

    public static TheoryData<string> IndexTypes => [.. CosmosContainerPolicy.SupportedIndexTypes];

    [Fact]
    public void ContainerHasTheAppsPartitionKeyAndVectorEmbeddingPolicy()
    {
        var container = Resource(CompiledInfrastructure.Defaults);
        var expected = AppContainer(AppDefaults.VectorIndexType);

        Assert.Equal(
            [CosmosContainerPolicy.PartitionKeyPath],
            container["partitionKey"]!["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("Hash", container["partitionKey"]!["kind"]!.GetValue<string>());
        AssertJsonEqual(expected["vectorEmbeddingPolicy"], container["vectorEmbeddingPolicy"]);

        var embedding = container["vectorEmbeddingPolicy"]!["vectorEmbeddings"]![0]!;
        Assert.Equal(CosmosContainerPolicy.EmbeddingPath, embedding["path"]!.GetValue<string>());
        Assert.Equal(AppDimensions, embedding["dimensions"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(IndexTypes))]
    public void ContainerHasTheAppsIndexingPolicyForEachIndexTypeTheAppAccepts(string indexType)
    {
        var container = Resource(CompiledInfrastructure.With(("vectorIndexType", indexType)));
        var expected = AppContainer(indexType)["indexingPolicy"]!;
        var actual = container["indexingPolicy"]!;

        AssertJsonEqual(expected["vectorIndexes"], actual["vectorIndexes"]);
        Assert.Equal(Paths(expected["includedPaths"]), Paths(actual["includedPaths"]));
        Assert.Equal(Paths(expected["excludedPaths"]), Paths(actual["excludedPaths"]));
        Assert.Contains(CosmosContainerPolicy.ExcludedEmbeddingPath, Paths(actual["excludedPaths"]));
    }

    [Fact]
    public void VectorIndexChoicesAreTheAppsAndDefaultToItsDefault()
    {
        var parameter = CompiledInfrastructure.Defaults.ParameterDeclarations["vectorIndexType"]!;

        Assert.Equal(CosmosContainerPolicy.SupportedIndexTypes, parameter["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(AppDefaults.VectorIndexType, parameter["defaultValue"]!.GetValue<string>());
    }

    [Fact]
    public void DatabaseAndContainerAreWhereTheAppLooksByDefaultAndWhereItsSettingsPoint()
    {
        var deployment = CompiledInfrastructure.Defaults;
        var container = deployment.Single(ResourceTypes.CosmosContainer);
        var settings = AppSettings.Of(deployment);

        Assert.Equal(AppDefaults.Database, deployment.Single(ResourceTypes.CosmosDatabase).Properties["resource"]!["id"]!.GetValue<string>());
        Assert.Equal(AppDefaults.Container, container.Properties["resource"]!["id"]!.GetValue<string>());
        Assert.Equal(AppDefaults.Database, settings[AppSettings.CosmosDatabase]);
        Assert.Equal(AppDefaults.Container, settings[AppSettings.CosmosContainer]);
        Assert.Equal(container.Properties["resource"]!["vectorEmbeddingPolicy"]!["vectorEmbeddings"]![0]!["dimensions"]!.ToJsonString(), settings[AppSettings.IndexDimensions]);
        Assert.Equal(container.Properties["resource"]!["indexingPolicy"]!["vectorIndexes"]![0]!["type"]!.GetValue<string>(), settings[AppSettings.CosmosVectorIndexType]);
    }

    [Fact]
    public void VectorResourcesUseAnApiVersionThatKnowsVectorProperties()
    {
        foreach (var type in new[] { ResourceTypes.CosmosAccount, ResourceTypes.CosmosDatabase, ResourceTypes.CosmosContainer })
        {
            var resource = CompiledInfrastructure.Defaults.Single(type);
            Assert.True(
                string.CompareOrdinal(resource.ApiVersion[..10], FirstVectorApiVersion) >= 0,
                $"{type}@{resource.ApiVersion} predates {FirstVectorApiVersion}, which introduced the vector policy.");
        }
    }

    [Fact]
    public void AccountIsServerlessByDefaultWithVectorSearchAndNoKeys()
    {
        var deployment = CompiledInfrastructure.Defaults;
        var account = deployment.Single(ResourceTypes.CosmosAccount).Properties;

        Assert.Equal(["EnableNoSQLVectorSearch", "EnableServerless"], Capabilities(account).Order());
        Assert.True(account["disableLocalAuth"]!.GetValue<bool>());
        Assert.Null(deployment.Single(ResourceTypes.CosmosContainer).Properties["options"]!["autoscaleSettings"]);
    }

    [Fact]
    public void ProvisionedThroughputGoesOnTheContainerAndKeepsVectorSearch()
    {
        var deployment = CompiledInfrastructure.With(("cosmosMaxThroughput", 4000));
        var account = deployment.Single(ResourceTypes.CosmosAccount).Properties;

        Assert.Equal(["EnableNoSQLVectorSearch"], Capabilities(account));
        Assert.Equal(4000, deployment.Single(ResourceTypes.CosmosContainer).Properties["options"]!["autoscaleSettings"]!["maxThroughput"]!.GetValue<int>());

        // Shared database throughput would make vector search unavailable on the container.
        Assert.Null(deployment.Single(ResourceTypes.CosmosDatabase).Properties["options"]);
    }

    private static JsonObject Resource(ArmTemplate deployment) =>
        deployment.Single(ResourceTypes.CosmosContainer).Properties["resource"]!.AsObject();

    /// <summary>The container the app would create, as the Cosmos SDK sends it over the wire.</summary>
    private static JsonObject AppContainer(string indexType) =>
        JsonNode.Parse(JsonConvert.SerializeObject(CosmosContainerPolicy.Build(AppDefaults.Container, AppDimensions, indexType)))!.AsObject();

    private static IEnumerable<string> Capabilities(JsonObject account) =>
        account["capabilities"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());

    private static List<string> Paths(JsonNode? paths) =>
        paths?.AsArray().Select(p => p!["path"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList() ?? [];

    private static void AssertJsonEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected?.ToJsonString()}\n  but Bicep declares {actual?.ToJsonString()}");
}
