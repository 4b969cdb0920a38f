using System.Text.RegularExpressions;
using CarSearch.Infra.Tests.Arm;
using CarSearch.Infra.Tests.Bicep;

namespace CarSearch.Infra.Tests;

/// <summary>The app's identity holds exactly the data-plane roles the app's calls need; the deploying user optionally more.</summary>
public partial class RoleAssignmentTests
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string CosmosBuiltInDataContributor = "00000000-0000-0000-0000-000000000002";

    private const string DeployingUser = "11111111-2222-3333-4444-555555555555";

    [Fact]
    public void TheAppIdentityCanUseStorageQueuesTelemetryAndCosmos()
    {
        var deployment = CompiledInfrastructure.Defaults;
        var azure = deployment.OfType(ResourceTypes.RoleAssignment).ToList();
        var cosmos = deployment.OfType(ResourceTypes.CosmosRoleAssignment).ToList();

        Assert.Equal(
            new[] { MonitoringMetricsPublisher, StorageBlobDataOwner, StorageQueueDataContributor }.Order(),
            azure.Select(RoleId).Order());
        Assert.All(azure, a => Assert.Equal("ServicePrincipal", a.Properties["principalType"]!.GetValue<string>()));
        Assert.Equal(CosmosBuiltInDataContributor, RoleId(Assert.Single(cosmos)));

        // All four go to one principal: the user-assigned identity's (a module output, known only as a reference).
        var principal = Assert.Single(azure.Concat(cosmos).Select(a => a.Properties["principalId"]!.GetValue<string>()).Distinct());
        Assert.Contains("'identity')", principal, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.principalId.value⟩", principal, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDeployingUserGetsUploadAndIndexAccessOnlyWhenNamed()
    {
        var deployment = CompiledInfrastructure.With(("principalId", DeployingUser));
        var forUser = deployment.OfType(ResourceTypes.RoleAssignment).Concat(deployment.OfType(ResourceTypes.CosmosRoleAssignment))
            .Where(a => a.Properties["principalId"]!.GetValue<string>() == DeployingUser)
            .Select(RoleId);

        Assert.Equal(new[] { CosmosBuiltInDataContributor, StorageBlobDataContributor }.Order(), forUser.Order());
        Assert.Equal(4, CompiledInfrastructure.Defaults.OfType(ResourceTypes.RoleAssignment).Concat(CompiledInfrastructure.Defaults.OfType(ResourceTypes.CosmosRoleAssignment)).Count());
    }

    /// <summary>The role definition's GUID, whether a literal id or inside subscriptionResourceId(...).</summary>
    private static string RoleId(ArmResource assignment)
    {
        var text = assignment.Properties["roleDefinitionId"]!.GetValue<string>();
        var ids = Guid().Matches(text);
        Assert.True(ids.Count > 0, $"No role GUID in {text}");
        return ids[^1].Value;
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();
}
