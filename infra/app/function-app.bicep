// The CarSearch Functions app on the Flex Consumption plan (FC1): .NET 10 isolated, 4 GB instances so both
// CLIP towers stay loaded, scale to zero unless always-ready instances are asked for. Every connection is
// identity-based: the settings below name endpoints and the identity's client id, never a key.

param planName string

param appName string

param location string

param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (DefaultAzureCredential and the Functions runtime pick it by this id).')
param identityClientId string

param storageAccountName string

param blobEndpoint string

param queueEndpoint string

param deploymentContainerName string

param imagesContainerName string

@description('Blob container the app writes thumbnails to (CarSearch:Storage:ThumbnailContainer).')
param thumbnailContainerName string

param deletesQueueName string

param reindexQueueName string

param applicationInsightsConnectionString string

param cosmosEndpoint string

param cosmosDatabaseName string

param cosmosContainerName string

@description('Embedding size the index is created and checked with.')
param dimensions int

param vectorIndexType string

@description('CarSearch:Search:DefaultMinScore: the relevance cut-off when a search gives none; empty for none.')
param defaultMinScore string

@description('Instances kept running for the HTTP functions (search, page); 0 scales to zero and accepts cold starts.')
@minValue(0)
param alwaysReadyInstances int

@description('Upper bound on instances; also bounds the load ingest puts on Cosmos DB.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

// 4 GB: the fp32 towers take about 600 MB on disk and more once loaded by ONNX Runtime, on top of the host.
var instanceMemoryMB = 4096

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  // azd finds the app to deploy the `api` service (azure.yaml) to by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyInstances == 0
          ? []
          : [
              {
                name: 'http'
                instanceCount: alwaysReadyInstances
              }
            ]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      // Names as the app binds them; `:` becomes `__` in app settings. FUNCTIONS_WORKER_RUNTIME and
      // FUNCTIONS_EXTENSION_VERSION are deliberately absent: Flex Consumption rejects them (runtime above).
      appSettings: [
        // Functions host storage, identity-based.
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        // The images account: the blob trigger's and the deletes queue trigger's connection ("ImagesStorage").
        { name: 'ImagesStorage__blobServiceUri', value: blobEndpoint }
        { name: 'ImagesStorage__queueServiceUri', value: queueEndpoint }
        { name: 'ImagesStorage__credential', value: 'managedidentity' }
        { name: 'ImagesStorage__clientId', value: identityClientId }
        // Top-level because trigger attributes read them as %ImagesContainer%, %ImageDeletesQueue%, %ReindexQueue%
        // and %ReconcileSchedule%; a setting a trigger names has no default, so each must be set here.
        { name: 'ImagesContainer', value: imagesContainerName }
        { name: 'ImageDeletesQueue', value: deletesQueueName }
        { name: 'ReindexQueue', value: reindexQueueName }
        // NCRONTAB with seconds: hourly. Events cover uploads and deletes; reconciliation repairs what they missed.
        { name: 'ReconcileSchedule', value: '0 0 * * * *' }
        // DefaultAzureCredential (Cosmos DB client) picks the user-assigned identity by this id.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // Made by storage.bicep; the app would make it on first write too, but declared it is visible and kept.
        { name: 'CarSearch__Storage__ThumbnailContainer', value: thumbnailContainerName }
        // The vector index. No key: the app signs in with the identity; the container is made by cosmos.bicep.
        { name: 'CarSearch__Index__Kind', value: 'cosmos' }
        { name: 'CarSearch__Index__Dimensions', value: string(dimensions) }
        { name: 'CarSearch__Index__Cosmos__Endpoint', value: cosmosEndpoint }
        { name: 'CarSearch__Index__Cosmos__Database', value: cosmosDatabaseName }
        { name: 'CarSearch__Index__Cosmos__Container', value: cosmosContainerName }
        { name: 'CarSearch__Index__Cosmos__VectorIndexType', value: vectorIndexType }
        { name: 'CarSearch__Index__Cosmos__CreateIfNotExists', value: 'false' }
        // Scores depend on the model and the collection, so the cut-off is the operator's (azd env set
        // CARSEARCH_DEFAULT_MIN_SCORE 0.23); empty binds to none.
        { name: 'CarSearch__Search__DefaultMinScore', value: defaultMinScore }
        // CarSearch__Model__Directory is not set: the model ships in the package (models/clip-vit-b-32 beside the
        // assemblies) and ModelFolder.Resolve finds it from the app's base directory, wherever the platform mounts it.
      ]
    }
  }

  // azd deploys with an Entra token; publishing user names and passwords stay off.
  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
