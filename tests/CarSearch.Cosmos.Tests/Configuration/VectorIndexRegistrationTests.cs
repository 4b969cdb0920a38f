using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Tests.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarSearch.Cosmos.Tests.Configuration;

/// <summary>AddCarSearchVectorIndex registers the index the configuration names, and refuses to start without its settings.</summary>
public class VectorIndexRegistrationTests
{
    [Fact]
    public void TheCosmosKindRegistersTheCosmosIndexWithTheBoundSettings()
    {
        using var provider = Build(new()
        {
            ["CarSearch:Index:Kind"] = "cosmos",
            ["CarSearch:Index:Dimensions"] = "768",
            ["CarSearch:Index:Cosmos:Endpoint"] = FakeCosmosHandler.Endpoint,
            ["CarSearch:Index:Cosmos:Key"] = FakeCosmosAccount.Key,
            ["CarSearch:Index:Cosmos:Database"] = "cars",
            ["CarSearch:Index:Cosmos:Container"] = "photos",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var index = provider.GetRequiredService<IVectorIndex>();

        Assert.IsType<CosmosVectorIndex>(index);
        Assert.Equal("cosmos", index.Kind);
        Assert.Same(index, provider.GetRequiredService<IVectorIndex>());
        Assert.Equal(new Uri(FakeCosmosHandler.Endpoint), provider.GetRequiredService<CosmosClient>().Endpoint);
        var options = provider.GetRequiredService<IOptions<IndexOptions>>().Value;
        Assert.Equal((768, "cars", "photos"), (options.Dimensions, options.Cosmos.Database, options.Cosmos.Container));
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
    public void AMissingEndpointStopsTheStartNamingTheSetting()
    {
        using var provider = Build(new() { ["CarSearch:Index:Kind"] = "cosmos" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("CarSearch:Index:Cosmos:Endpoint is required when CarSearch:Index:Kind is 'cosmos'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownKindFailsAtRegistrationListingTheValidOnes()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Build(new() { ["CarSearch:Index:Kind"] = "redis" }));

        Assert.Contains("'redis'", error.Message, StringComparison.Ordinal);
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
