using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>AddEmbeddedVectorIndex wires the index to the <c>CarSearch:Index</c> configuration.</summary>
public sealed class EmbeddedIndexRegistrationTests : IDisposable
{
    private readonly IndexDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TheIndexUsesTheConfiguredDirectoryAndIsOneInstance()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CarSearch:Index:Local:Directory"] = _directory.Path })
            .Build();
        var services = new ServiceCollection().AddEmbeddedVectorIndex(configuration);

        await using (var provider = services.BuildServiceProvider())
        {
            var index = provider.GetRequiredService<IVectorIndex>();
            Assert.Same(provider.GetRequiredService<EmbeddedVectorIndex>(), index);
            Assert.Equal(IndexOptions.LocalKind, index.Kind);
            await index.InitializeAsync();
        }

        // Disposing the container released the directory's lock.
        Assert.True(File.Exists(Path.Combine(_directory.Path, "index.log")));
        await using var reopened = await _directory.OpenAsync();
    }

    /// <summary>A host that registers the embedded index directly (the local host) still has its settings checked at start.</summary>
    [Theory]
    [InlineData("0")]
    [InlineData("-512")]
    public async Task ADimensionThatIsNotPositiveStopsTheStartNamingTheSetting(string dimensions)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CarSearch:Index:Local:Directory"] = _directory.Path,
                ["CarSearch:Index:Dimensions"] = dimensions,
            })
            .Build();
        await using var provider = new ServiceCollection().AddEmbeddedVectorIndex(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"CarSearch:Index:Dimensions is {dimensions}; it must be positive", error.Message, StringComparison.Ordinal);
    }
}
