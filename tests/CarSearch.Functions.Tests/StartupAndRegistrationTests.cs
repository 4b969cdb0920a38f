using System.Reflection;
using Azure.Storage.Blobs;
using CarSearch.Core.Hosting;
using CarSearch.Core.Ingest;
using CarSearch.Functions.Hosting;
using CarSearch.Functions.Ingest;
using CarSearch.Functions.Tests.Infrastructure;
using CarSearch.Tests;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CarSearch.Functions.Tests;

/// <summary>What <see cref="FunctionsServiceCollectionExtensions.AddCarSearchFunctions"/> registers and what starting it does.</summary>
[Collection(WithAzurite.Name)]
public sealed class StartupAndRegistrationTests(FunctionsEnvironment environment)
{
    private static readonly Type[] FunctionClasses =
    [
        .. typeof(IngestImage).Assembly.GetExportedTypes()
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttribute<FunctionAttribute>() is not null)),
    ];

    [Fact]
    public async Task StartingCreatesTheImagesContainer()
    {
        await using var host = await FunctionsTestHost.StartAsync(environment.Azurite);

        Assert.True(await new BlobContainerClient(environment.Azurite.ConnectionString, host.Container).ExistsAsync());
    }

    /// <summary>The worker creates a function's class from the invocation's services; each one must be creatable.</summary>
    [Fact]
    public async Task EveryFunctionClassCanBeCreatedFromTheServices()
    {
        await using var scope = environment.Kit.Services.CreateAsyncScope();

        Assert.Equal(FunctionsMetadata.FunctionClasses().Order(StringComparer.Ordinal), FunctionClasses.Select(type => type.FullName!).Order(StringComparer.Ordinal));
        Assert.All(FunctionClasses, type => Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type)));
    }

    /// <summary>Blob events and the Reconcile timer see changes in Azure; a watcher listing the container as well would only double the work.</summary>
    [Fact]
    public void RunsTheStartupInitializerButNoContainerWatcher()
    {
        var hosted = environment.Kit.Services.GetServices<IHostedService>().ToList();

        Assert.Contains(hosted, service => service is StartupInitializer);
        Assert.DoesNotContain(hosted, service => service is ContainerWatcher);
    }

    /// <summary>Copied to local.settings.json, the sample starts the app (storage, container and paths aside).</summary>
    [Fact]
    public async Task TheLocalSettingsSampleStartsTheApp()
    {
        await using var host = await FunctionsTestHost.StartAsync(environment.Azurite, underlying: LocalSettingsSample.AsConfigurationKeys());

        Assert.Equal(0, await host.Index.CountAsync());
    }

    [Fact]
    public void AMissingHostJsonMeansTheExtensionsDefault()
    {
        Assert.Equal(HostJson.DefaultPoisonBlobThreshold, HostJson.PoisonBlobThreshold(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
    }

    /// <summary>The app gives up after as many attempts as the blob trigger makes, so the recorded count is true.</summary>
    [Fact]
    public void TheIngestAttemptsAreHostJsonsPoisonBlobThreshold()
    {
        using var hostJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Directory, HostJson.FileName)));
        var threshold = hostJson.RootElement.GetProperty("extensions").GetProperty("blobs").GetProperty("poisonBlobThreshold").GetInt32();
        Assert.NotEqual(HostJson.DefaultPoisonBlobThreshold, threshold);

        Assert.Equal(threshold, environment.Kit.Services.GetRequiredService<IOptions<IngestOptions>>().Value.MaxAttempts);
    }
}
