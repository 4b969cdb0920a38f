using CarSearch.Core.Index;
using CarSearch.Tests.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarSearch.Cosmos.Tests.Configuration;

/// <summary>AddCosmosVectorIndex registers the Cosmos DB index over the bound settings, and refuses to start without them.</summary>
public class CosmosIndexRegistrationTests
{
    [Fact]
    public void RegistersTheCosmosIndexWithTheBoundSettings()
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

    [Fact]
    public void AMissingEndpointStopsTheStartNamingTheSetting()
    {
        using var provider = Build(new() { ["CarSearch:Index:Kind"] = "cosmos" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("CarSearch:Index:Cosmos:Endpoint is required when CarSearch:Index:Kind is 'cosmos'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRulesEveryIndexHasApplyToo()
    {
        using var provider = Build(new()
        {
            ["CarSearch:Index:Dimensions"] = "0",
            ["CarSearch:Index:Cosmos:Endpoint"] = FakeCosmosHandler.Endpoint,
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("CarSearch:Index:Dimensions is 0; it must be positive", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddCosmosVectorIndex(configuration)
            .BuildServiceProvider();
    }
}
