// The one identity the app, its deployment and Event Grid use: every data-plane call is signed with it,
// so no account key or connection string with a secret exists anywhere in the deployment.

@description('Name of the user-assigned managed identity.')
param name string

param location string

param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
