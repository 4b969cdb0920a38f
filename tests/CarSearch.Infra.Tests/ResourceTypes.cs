namespace CarSearch.Infra.Tests;

/// <summary>ARM resource types the tests look for.</summary>
internal static class ResourceTypes
{
    public const string CosmosAccount = "Microsoft.DocumentDB/databaseAccounts";
    public const string CosmosDatabase = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases";
    public const string CosmosContainer = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";
    public const string CosmosRoleAssignment = "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string Plan = "Microsoft.Web/serverfarms";
    public const string Site = "Microsoft.Web/sites";
    public const string PublishingCredentials = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string BlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string Queue = "Microsoft.Storage/storageAccounts/queueServices/queues";
    public const string SystemTopic = "Microsoft.EventGrid/systemTopics";
    public const string EventSubscription = "Microsoft.EventGrid/systemTopics/eventSubscriptions";
    public const string ApplicationInsights = "Microsoft.Insights/components";
    public const string Identity = "Microsoft.ManagedIdentity/userAssignedIdentities";
}
