using Azure.Storage.Blobs;
using CarSearch.Core.Ingest;
using CarSearch.Core.Storage;
using CarSearch.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarSearch.Ingest.Tests.Storage;

/// <summary>How the app settings the blob trigger also reads become the store and the ledger.</summary>
public sealed class StorageRegistrationTests
{
    [Fact]
    public void AMissingConnectionIsAStartupErrorNamingTheSetting()
    {
        using var services = Build(new Dictionary<string, string?>());

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IImageStore>());

        Assert.Contains($"'{StorageOptions.ConnectionSetting}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{StorageOptions.ConnectionSetting}__{StorageOptions.BlobServiceUriKey}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AConnectionStringAndTheContainerSettingChooseAccountAndContainer()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            [StorageOptions.ConnectionSetting] = "UseDevelopmentStorage=true",
            [StorageOptions.ContainerSetting] = "my-cars",
        });

        var store = services.GetRequiredService<BlobImageStore>();
        var client = ServiceClient(services);

        Assert.Equal("my-cars", store.ContainerName);
        Assert.Equal("devstoreaccount1", client.AccountName);
        Assert.Same(store, services.GetRequiredService<IImageStore>());
    }

    [Fact]
    public void TheContainerDefaultsToCarImages()
    {
        using var services = Build(new Dictionary<string, string?> { [StorageOptions.ConnectionSetting] = "UseDevelopmentStorage=true" });

        Assert.Equal(StorageOptions.DefaultContainer, services.GetRequiredService<BlobImageStore>().ContainerName);
        Assert.Equal("car-images", StorageOptions.DefaultContainer);
    }

    [Theory]
    [InlineData(StorageOptions.BlobServiceUriKey)]
    [InlineData(StorageOptions.ServiceUriKey)]
    public void AnIdentityBasedConnectionUsesTheEndpointSetting(string key)
    {
        using var services = Build(new Dictionary<string, string?>
        {
            [$"{StorageOptions.ConnectionSetting}:{key}"] = "https://carsearchtest.blob.core.windows.net",
            [$"{StorageOptions.ConnectionSetting}:queueServiceUri"] = "https://carsearchtest.queue.core.windows.net",
            [$"{StorageOptions.ConnectionSetting}:credential"] = "managedidentity",
        });

        var client = ServiceClient(services);

        Assert.Equal(new Uri("https://carsearchtest.blob.core.windows.net"), client.Uri);
        Assert.Equal("carsearchtest", client.AccountName);
        Assert.NotNull(services.GetRequiredService<IIngestLedger>());
    }

    [Theory]
    [InlineData(StorageOptions.ContainerSetting, "Car_Images")]
    [InlineData(StorageOptions.ContainerSetting, "ab")]
    [InlineData("CarSearch:Storage:LedgerContainer", "double--hyphen")]
    public void AnInvalidContainerNameIsAStartupErrorNamingTheSetting(string setting, string value)
    {
        using var services = Build(new Dictionary<string, string?>
        {
            [StorageOptions.ConnectionSetting] = "UseDevelopmentStorage=true",
            [setting] = value,
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IImageStore>());

        Assert.Contains($"'{setting}' is '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLedgerMayNotShareTheImagesContainer()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            [StorageOptions.ConnectionSetting] = "UseDevelopmentStorage=true",
            ["CarSearch:Storage:LedgerContainer"] = StorageOptions.DefaultContainer,
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IIngestLedger>());

        Assert.Contains(StorageOptions.ContainerSetting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedConnectionStringNamesTheSettingWithoutEchoingIt()
    {
        using var services = Build(new Dictionary<string, string?> { [StorageOptions.ConnectionSetting] = "AccountKey=secret;nonsense" });

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IImageStore>());

        Assert.Contains($"'{StorageOptions.ConnectionSetting}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddCarSearchStorage(configuration).BuildServiceProvider();
    }

    private static BlobServiceClient ServiceClient(IServiceProvider services) =>
        services.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(StorageOptions.ConnectionSetting);
}
