// Azure Cosmos DB for NoSQL: the account with vector search, the database and the container the app's
// CosmosVectorIndex expects. The container shape must equal CosmosContainerPolicy.Build in
// src/CarSearch.Cosmos (tests/CarSearch.Infra.Tests compares them): the app cannot create it itself, because an
// identity has no control-plane rights through the data plane, and it refuses a container that differs.

param accountName string

param location string

param tags object

param databaseName string

param containerName string

@description('Embedding size; 512 for CLIP ViT-B/32.')
param dimensions int

@description('Vector index type, as the app\'s CarSearch:Index:Cosmos:VectorIndexType. Flat is not offered: it stops at 505 dimensions.')
@allowed([
  'diskANN'
  'quantizedFlat'
])
param vectorIndexType string

@description('0 for a serverless account (pay per request); otherwise the container\'s autoscale maximum RU/s on a provisioned account.')
param maxThroughput int

var serverless = maxThroughput == 0

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-04-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: serverless
      ? [
          { name: 'EnableNoSQLVectorSearch' }
          { name: 'EnableServerless' }
        ]
      : [
          { name: 'EnableNoSQLVectorSearch' }
        ]
    // Keys off: only Entra identities with a data-plane role (roles.bicep) can read or write.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }

  resource database 'sqlDatabases' = {
    name: databaseName
    properties: {
      // No database throughput: vector search does not support shared-throughput databases.
      resource: {
        id: databaseName
      }
    }

    resource container 'containers' = {
      name: containerName
      properties: {
        resource: {
          id: containerName
          partitionKey: {
            paths: [
              '/id'
            ]
            kind: 'Hash'
            version: 2
          }
          vectorEmbeddingPolicy: {
            vectorEmbeddings: [
              {
                path: '/embedding'
                dataType: 'float32'
                distanceFunction: 'cosine'
                dimensions: dimensions
              }
            ]
          }
          indexingPolicy: {
            indexingMode: 'consistent'
            automatic: true
            includedPaths: [
              {
                path: '/*'
              }
            ]
            excludedPaths: [
              {
                // Range-indexing 512 numbers per item would only cost RUs; the vector index serves them.
                path: '/embedding/*'
              }
            ]
            vectorIndexes: [
              {
                path: '/embedding'
                type: vectorIndexType
              }
            ]
          }
        }
        options: serverless
          ? {}
          : {
              autoscaleSettings: {
                maxThroughput: maxThroughput
              }
            }
      }
    }
  }
}

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
