// Event Grid on the storage account. BlobDeleted events for the images container go to a storage queue the
// app's delete function drains, delivered with the app's identity (the account accepts no keys). BlobCreated
// events go to the blob trigger's webhook, which needs the function's blobs_extension key: that key exists only
// once the app has been deployed and started, so infra/hooks/postdeploy.* creates that subscription after
// `azd deploy` (the chicken-and-egg Azure-Samples/functions-quickstart-dotnet-azd-eventgrid-blob solves the same way).

param topicName string

param location string

param tags object

param storageAccountId string

param identityId string

param imagesContainerName string

param deletesQueueName string

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: topicName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource deletes 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'image-deletes'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobDeleted'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${imagesContainerName}/'
    }
    deliveryWithResourceIdentity: {
      identity: {
        type: 'UserAssigned'
        userAssignedIdentity: identityId
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storageAccountId
          queueName: deletesQueueName
          // Never expire: a delete that waits in the queue must still reach the index.
          queueMessageTimeToLiveInSeconds: -1
        }
      }
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output name string = topic.name
