using System.Text.Json.Nodes;
using CarSearch.Core.Index;
using CarSearch.Infra.Tests.Bicep;

namespace CarSearch.Infra.Tests;

/// <summary>The Function app: Flex Consumption, .NET 10 isolated, 4 GB, and settings that carry no secret.</summary>
public class FunctionAppTests
{
    /// <summary>Settings the Flex Consumption plan rejects or ignores: its runtime and deployment live in functionAppConfig.</summary>
    private static readonly string[] FlexDeprecatedSettings =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "DEPLOYMENT_STORAGE_CONNECTION_STRING",
    ];

    /// <summary>What a secret looks like in a setting's value or in the expression that would produce it.</summary>
    private static readonly string[] SecretMarkers =
    [
        "AccountKey=", "SharedAccessSignature", "sig=", "listKeys(", "listConnectionStrings(", "primaryMasterKey", "Password=",
    ];

    [Fact]
    public void RunsOnFlexConsumptionWithDotnetIsolated10And4GbInstances()
    {
        var deployment = CompiledInfrastructure.Defaults;
        var plan = deployment.Single(ResourceTypes.Plan);
        var config = deployment.Single(ResourceTypes.Site).Properties["functionAppConfig"]!;

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal(4096, config["scaleAndConcurrency"]!["instanceMemoryMB"]!.GetValue<int>());
    }

    [Fact]
    public void ScalesToZeroUnlessAlwaysReadyInstancesAreAskedFor()
    {
        static JsonArray AlwaysReady(int? count) =>
            (count is null ? CompiledInfrastructure.Defaults : CompiledInfrastructure.With(("alwaysReadyInstances", count)))
                .Single(ResourceTypes.Site).Properties["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]!.AsArray();

        Assert.Empty(AlwaysReady(null));
        var warm = Assert.Single(AlwaysReady(2));
        Assert.Equal("http", warm!["name"]!.GetValue<string>());
        Assert.Equal(2, warm["instanceCount"]!.GetValue<int>());
    }

    [Fact]
    public void SetsEverySettingTheAppReads()
    {
        var settings = AppSettings.Of(CompiledInfrastructure.Defaults);
        string[] required =
        [
            $"{AppSettings.HostStorage}__accountName", $"{AppSettings.HostStorage}__credential", $"{AppSettings.HostStorage}__clientId",
            $"{AppSettings.ImagesConnection}__blobServiceUri", $"{AppSettings.ImagesConnection}__queueServiceUri",
            $"{AppSettings.ImagesConnection}__credential", $"{AppSettings.ImagesConnection}__clientId",
            AppSettings.ImagesContainer, AppSettings.ImageDeletesQueue, AppSettings.ReconcileSchedule, AppSettings.AzureClientId,
            AppSettings.AppInsightsConnectionString, AppSettings.AppInsightsAuthentication,
            AppSettings.IndexKind, AppSettings.IndexDimensions, AppSettings.CosmosEndpoint, AppSettings.CosmosDatabase,
            AppSettings.CosmosContainer, AppSettings.CosmosVectorIndexType, AppSettings.CosmosCreateIfNotExists,
            AppSettings.DefaultMinScore,
        ];

        Assert.Empty(required.Except(settings.Names, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(IndexOptions.CosmosKind, settings[AppSettings.IndexKind]);
        Assert.Equal(new IndexOptions().Dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture), settings[AppSettings.IndexDimensions]);

        // No cut-off unless the operator sets one (CARSEARCH_DEFAULT_MIN_SCORE), and then the app gets it.
        Assert.Equal("", settings[AppSettings.DefaultMinScore]);
        Assert.Equal("0.23", AppSettings.Of(CompiledInfrastructure.With(("defaultMinScore", "0.23")))[AppSettings.DefaultMinScore]);

        // An identity cannot create containers through the data plane; Bicep made it, the app must only check it.
        Assert.Equal("false", settings[AppSettings.CosmosCreateIfNotExists]);
    }

    [Fact]
    public void ConnectsWithTheUserAssignedIdentityAndNoSecret()
    {
        var deployment = CompiledInfrastructure.Defaults;
        var settings = AppSettings.Of(deployment);
        var identity = settings.Site["identity"]!;

        Assert.Equal("UserAssigned", identity["type"]!.GetValue<string>());
        Assert.Equal("managedidentity", settings[$"{AppSettings.HostStorage}__credential"]);
        Assert.Equal("managedidentity", settings[$"{AppSettings.ImagesConnection}__credential"]);

        // Every client id the runtime, the SDKs and Application Insights use is the same identity's.
        var clientIds = new[]
        {
            settings[AppSettings.AzureClientId], settings[$"{AppSettings.HostStorage}__clientId"], settings[$"{AppSettings.ImagesConnection}__clientId"],
        };
        var clientId = Assert.Single(clientIds.Distinct());
        Assert.Contains("'identity')", clientId, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.clientId.value⟩", clientId, StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", settings[AppSettings.AppInsightsAuthentication], StringComparison.Ordinal);

        // No key setting at all: the Cosmos client falls back to DefaultAzureCredential only when Key is empty.
        Assert.DoesNotContain(AppSettings.CosmosKey, settings.Names, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(AppSettings.HostStorage, settings.Names, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(AppSettings.ImagesConnection, settings.Names, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in settings.All)
        {
            var text = value?.ToJsonString() ?? "";
            Assert.DoesNotContain(SecretMarkers, marker => text.Contains(marker, StringComparison.OrdinalIgnoreCase));
            Assert.False(
                name.EndsWith("Key", StringComparison.OrdinalIgnoreCase) || name.EndsWith("__Password", StringComparison.OrdinalIgnoreCase),
                $"App setting {name} looks like a secret.");

            // Application Insights' connection string only names the ingestion endpoint and resource; with local
            // authentication off it grants nothing. Any other connection string would carry a key.
            Assert.True(
                !name.Contains("CONNECTION", StringComparison.OrdinalIgnoreCase) || name == AppSettings.AppInsightsConnectionString,
                $"App setting {name} is a connection string.");
        }

        Assert.True(deployment.Single(ResourceTypes.ApplicationInsights).Properties["DisableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void LeavesOutSettingsFlexConsumptionRejects()
    {
        var settings = AppSettings.Of(CompiledInfrastructure.Defaults);

        Assert.Empty(FlexDeprecatedSettings.Intersect(settings.Names, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void DeploysFromTheStorageAccountWithTheIdentityAndNoPublishingPasswords()
    {
        var deployment = CompiledInfrastructure.Defaults;
        var storage = deployment.Single(ResourceTypes.Site).Properties["functionAppConfig"]!["deployment"]!["storage"]!;
        var containers = deployment.OfType(ResourceTypes.BlobContainer).Select(c => c.Name.Split('/')[^1]).ToList();

        Assert.Equal("blobContainer", storage["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", storage["authentication"]!["type"]!.GetValue<string>());
        Assert.Contains(containers, name => storage["value"]!.GetValue<string>().Contains(name, StringComparison.Ordinal) && name.StartsWith("app-package-", StringComparison.Ordinal));

        var credentials = deployment.OfType(ResourceTypes.PublishingCredentials).ToList();
        Assert.Equal(["ftp", "scm"], credentials.Select(c => c.Name.Split('/')[^1]).Order());
        Assert.All(credentials, c => Assert.False(c.Properties["allow"]!.GetValue<bool>()));
    }
}
