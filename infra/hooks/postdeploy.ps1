# azd postdeploy hook (Windows): subscribes the blob trigger's webhook (function IngestImage, Source = EventGrid) to
# BlobCreated events of the images container. See postdeploy.sh for why this runs after deploy and not in Bicep.
$ErrorActionPreference = 'Stop'

foreach ($name in 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'SERVICE_API_URI', 'CARSEARCH_EVENTGRID_TOPIC', 'CARSEARCH_IMAGES_CONTAINER') {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        throw "$name is not set: run this through azd (azd up / azd deploy), which sets the outputs of infra/main.bicep."
    }
}
$functionName = if ($env:CARSEARCH_INGEST_FUNCTION) { $env:CARSEARCH_INGEST_FUNCTION } else { 'IngestImage' }

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    throw "The Azure CLI (az) is required: install it and run 'az login', then 'azd hooks run postdeploy'."
}

# The key appears when the host first starts; listing keys wakes it, but a cold start can take a while.
$key = ''
for ($attempt = 1; $attempt -le 20 -and -not $key; $attempt++) {
    $key = az functionapp keys list --resource-group $env:AZURE_RESOURCE_GROUP --name $env:AZURE_FUNCTION_APP_NAME `
        --query systemKeys.blobs_extension --output tsv 2>$null
    if (-not $key) {
        Write-Host "postdeploy: waiting for $($env:AZURE_FUNCTION_APP_NAME) to create its blobs_extension key ($attempt/20)"
        Start-Sleep -Seconds 15
    }
}
if (-not $key) {
    throw "No blobs_extension key after 5 minutes; is a blob trigger with Source = EventGrid deployed? Check the app's logs, then run 'azd hooks run postdeploy'."
}

# --output none: the endpoint holds the key, which must not end up in logs.
az eventgrid system-topic event-subscription create `
    --resource-group $env:AZURE_RESOURCE_GROUP `
    --system-topic-name $env:CARSEARCH_EVENTGRID_TOPIC `
    --name ingest-images `
    --endpoint-type webhook `
    --endpoint "$($env:SERVICE_API_URI)/runtime/webhooks/blobs?functionName=Host.Functions.$functionName&code=$key" `
    --included-event-types Microsoft.Storage.BlobCreated `
    --subject-begins-with "/blobServices/default/containers/$($env:CARSEARCH_IMAGES_CONTAINER)/" `
    --max-delivery-attempts 30 `
    --event-ttl 1440 `
    --output none
if ($LASTEXITCODE -ne 0) {
    throw "Creating the BlobCreated subscription failed (exit code $LASTEXITCODE)."
}
Write-Host "postdeploy: uploads to $($env:CARSEARCH_IMAGES_CONTAINER) now reach $functionName"
