// One storage account for everything: the Functions host (AzureWebJobsStorage), the deployment package, the
// uploaded images and their thumbnails, the queue of deleted images and the re-index queue. Shared-key access is disabled: every caller, the Functions
// runtime included, signs in with Entra ID.

param name string

param location string

param tags object

@description('Blob container users upload car images to; the app indexes what lands here.')
param imagesContainerName string

@description('Blob container the app writes each image\'s thumbnail to (outside the images container: not indexed, no events).')
param thumbnailContainerName string

@description('Blob container Flex Consumption deploys the app package to.')
param deploymentContainerName string

@description('Queue Event Grid writes BlobDeleted events to; the app removes those images from the index.')
param deletesQueueName string

@description('Queue re-index batches travel through, to whichever app instance takes them.')
param reindexQueueName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      // Event Grid delivers to the queue as a trusted Azure service.
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource images 'containers' = {
      name: imagesContainerName
      properties: {
        publicAccess: 'None'
      }
    }

    resource thumbnails 'containers' = {
      name: thumbnailContainerName
      properties: {
        publicAccess: 'None'
      }
    }

    resource deployment 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource queueServices 'queueServices' = {
    name: 'default'

    resource deletes 'queues' = {
      name: deletesQueueName
    }

    resource reindex 'queues' = {
      name: reindexQueueName
    }
  }
}

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
