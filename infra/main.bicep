// CarSearch on Azure: `azd up` provisions this and deploys src/CarSearch.Functions to it. See infra/README.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer Flex Consumption: az functionapp list-flexconsumption-locations.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user (azd fills AZURE_PRINCIPAL_ID): gets upload and index access. Empty for none.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Instances kept warm for the HTTP functions; 0 (default) costs nothing idle but accepts cold starts.')
@minValue(0)
@maxValue(20)
param alwaysReadyInstances int = 0

@description('Upper bound on Function app instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('0 (default): serverless Cosmos DB, billed per request. Otherwise the container\'s autoscale maximum RU/s (1000 or more).')
@minValue(0)
param cosmosMaxThroughput int = 0

@description('Vector index of the Cosmos DB container; the app\'s CarSearch:Index:Cosmos:VectorIndexType follows it.')
@allowed([
  'diskANN'
  'quantizedFlat'
])
param vectorIndexType string = 'diskANN'

@description('The app\'s relevance cut-off when a search gives no minScore (CarSearch:Search:DefaultMinScore); empty (default) for none. Choose it from GET /api/stats/scores on the deployed collection.')
param defaultMinScore string = ''

// Fixed by the app: the container it indexes and the one its thumbnails go to, the queues its delete and re-index functions read, the database and container
// its Cosmos index defaults to, and CLIP ViT-B/32's embedding size.
var imagesContainerName = 'car-images'
var thumbnailContainerName = 'thumbnails'
var deletesQueueName = 'image-deletes'
var reindexQueueName = 'carsearch-reindex'
var cosmosDatabaseName = 'carsearch'
var cosmosContainerName = 'images'
var embeddingDimensions = 512

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.functionApp}${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: '${abbrs.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentity}${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.logAnalytics}${resourceToken}'
    applicationInsightsName: '${abbrs.appInsights}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageAccount}${resourceToken}'
    location: location
    tags: tags
    imagesContainerName: imagesContainerName
    thumbnailContainerName: thumbnailContainerName
    deploymentContainerName: deploymentContainerName
    deletesQueueName: deletesQueueName
    reindexQueueName: reindexQueueName
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    accountName: '${abbrs.cosmosAccount}${resourceToken}'
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
    containerName: cosmosContainerName
    dimensions: embeddingDimensions
    vectorIndexType: vectorIndexType
    maxThroughput: cosmosMaxThroughput
  }
}

module roles 'app/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    cosmosAccountName: cosmos.outputs.accountName
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    planName: '${abbrs.servicePlan}${resourceToken}'
    appName: functionAppName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    deploymentContainerName: deploymentContainerName
    imagesContainerName: imagesContainerName
    thumbnailContainerName: thumbnailContainerName
    deletesQueueName: deletesQueueName
    reindexQueueName: reindexQueueName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmosDatabaseName
    cosmosContainerName: cosmosContainerName
    dimensions: embeddingDimensions
    vectorIndexType: vectorIndexType
    defaultMinScore: defaultMinScore
    alwaysReadyInstances: alwaysReadyInstances
    maximumInstanceCount: maximumInstanceCount
  }
  // The app starts pulling its package and touching storage as soon as it exists; give it its roles first.
  dependsOn: [
    roles
  ]
}

module events 'app/events.bicep' = {
  name: 'events'
  scope: rg
  params: {
    topicName: '${abbrs.eventGridSystemTopic}${resourceToken}'
    location: location
    tags: tags
    storageAccountId: storage.outputs.id
    identityId: identity.outputs.id
    imagesContainerName: imagesContainerName
    deletesQueueName: deletesQueueName
  }
  // Event Grid writes to the queue with the identity's Storage Queue Data Contributor role.
  dependsOn: [
    roles
  ]
}

// azd stores these in the environment (.azure/<env>/.env); the hooks and the README's commands read them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output CARSEARCH_IMAGES_CONTAINER string = imagesContainerName
output CARSEARCH_EVENTGRID_TOPIC string = events.outputs.name
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_DATABASE string = cosmosDatabaseName
output AZURE_COSMOS_CONTAINER string = cosmosContainerName
