using CarSearch.Core.Ingest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarSearch.Ingest.Tests.Ingest;

/// <summary>The ingest settings: documented defaults, and a clear error for values that cannot work.</summary>
public sealed class IngestRegistrationTests
{
    [Fact]
    public void UnsetSettingsTakeTheDocumentedDefaults()
    {
        var options = Options(new Dictionary<string, string?>());

        Assert.Equal(IngestOptions.DefaultMaxImageBytes, options.MaxImageBytes);
        Assert.Equal(IngestOptions.DefaultMicroBatchSize, options.MicroBatchSize);
        Assert.Equal(IngestOptions.DefaultReconciliationInterval, options.ReconciliationInterval);
        Assert.InRange(options.MaxConcurrentDecodes, 1, IngestOptions.DefaultMaxConcurrentDecodesCap);
        Assert.Equal(0.98, options.DuplicateThreshold);
    }

    [Fact]
    public void SettingsBindFromTheIngestSection()
    {
        var options = Options(new Dictionary<string, string?>
        {
            ["CarSearch:Ingest:MaxImageBytes"] = "1048576",
            ["CarSearch:Ingest:ReconciliationInterval"] = "00:01:30",
            ["CarSearch:Ingest:MaxFailuresKept"] = "50",
        });

        Assert.Equal((1_048_576L, TimeSpan.FromSeconds(90), 50), (options.MaxImageBytes, options.ReconciliationInterval, options.MaxFailuresKept));
    }

    [Theory]
    [InlineData("MicroBatchSize", "0")]
    [InlineData("MaxConcurrentDecodes", "0")]
    [InlineData("MaxImageBytes", "-1")]
    [InlineData("ReconciliationInterval", "00:00:00")]
    [InlineData("DuplicateThreshold", "0")]
    [InlineData("DuplicateThreshold", "1.01")]
    public void AValueThatCannotWorkFailsNamingTheSetting(string setting, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(
            () => Options(new Dictionary<string, string?> { [$"{IngestOptions.SectionName}:{setting}"] = value }));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    private static IngestOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddCarSearchIngest(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<IngestOptions>>().Value;
    }
}
