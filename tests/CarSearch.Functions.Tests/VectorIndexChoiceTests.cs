using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Cosmos;
using CarSearch.Functions.Hosting;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarSearch.Functions.Tests;

/// <summary>The Functions app registers the index its configuration names (each validates its own settings, see their tests).</summary>
public sealed class VectorIndexChoiceTests
{
    private const string Endpoint = "https://carsearch-tests.documents.azure.com:443/";

    /// <summary>The Cosmos DB emulator's published, well-known key: any base64 key builds a client.</summary>
    private const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    static VectorIndexChoiceTests()
    {
        // Otherwise the Cosmos SDK probes the Azure VM metadata endpoint once per process.
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
    }

    [Theory]
    [InlineData("cosmos")]
    [InlineData(" Cosmos ")]
    public void TheCosmosKindRegistersTheCosmosIndex(string kind)
    {
        using var provider = Build(new()
        {
            ["CarSearch:Index:Kind"] = kind,
            ["CarSearch:Index:Cosmos:Endpoint"] = Endpoint,
            ["CarSearch:Index:Cosmos:Key"] = Key,
        });

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType<CosmosVectorIndex>(provider.GetRequiredService<IVectorIndex>());
        Assert.Equal(new Uri(Endpoint), provider.GetRequiredService<CosmosClient>().Endpoint);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("local")]
    [InlineData("Local")]
    public void TheLocalKindIsTheDefaultAndRegistersTheEmbeddedIndex(string? kind)
    {
        var directory = Path.Combine(Path.GetTempPath(), "carsearch-registration-" + Guid.NewGuid().ToString("N"));
        using var provider = Build(new() { ["CarSearch:Index:Kind"] = kind, ["CarSearch:Index:Local:Directory"] = directory });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var index = provider.GetRequiredService<IVectorIndex>();

        var embedded = Assert.IsType<EmbeddedVectorIndex>(index);
        Assert.Equal("local", index.Kind);
        Assert.Equal(directory, embedded.Directory);
        Assert.Null(provider.GetService<CosmosClient>());
    }

    [Fact]
    public void AnUnknownKindFailsAtRegistrationListingTheValidOnes()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build(new() { ["CarSearch:Index:Kind"] = "redis" }));

        Assert.Contains("CarSearch:Index:Kind is 'redis'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'local', 'cosmos'", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddCarSearchVectorIndex(configuration)
            .BuildServiceProvider();
    }
}
