#!/bin/sh
# azd postdeploy hook: subscribes the blob trigger's webhook (function IngestImage, Source = EventGrid) to
# BlobCreated events of the images container. It runs after deploy because the webhook URL carries the app's
# blobs_extension system key, which exists only once the deployed host has started: Bicep cannot read it on a
# first provision. Re-running is safe: the create call updates the subscription in place.
# Needs the Azure CLI signed in (az login) to the subscription azd deployed to.
set -eu

: "${AZURE_RESOURCE_GROUP:?run this through azd (azd up / azd deploy): it sets the outputs of infra/main.bicep}"
: "${AZURE_FUNCTION_APP_NAME:?}" "${SERVICE_API_URI:?}" "${CARSEARCH_EVENTGRID_TOPIC:?}" "${CARSEARCH_IMAGES_CONTAINER:?}"
function_name="${CARSEARCH_INGEST_FUNCTION:-IngestImage}"

if ! command -v az > /dev/null; then
  echo "postdeploy: the Azure CLI (az) is required; install it and run 'az login', then 'azd hooks run postdeploy'" >&2
  exit 1
fi

# The key appears when the host first starts; listing keys wakes it, but a cold start can take a while.
key=""
attempt=1
while [ "$attempt" -le 20 ]; do
  key="$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
    --query systemKeys.blobs_extension --output tsv 2> /dev/null || true)"
  if [ -n "$key" ]; then
    break
  fi
  echo "postdeploy: waiting for $AZURE_FUNCTION_APP_NAME to create its blobs_extension key ($attempt/20)"
  sleep 15
  attempt=$((attempt + 1))
done
if [ -z "$key" ]; then
  echo "postdeploy: no blobs_extension key after 5 minutes; is a blob trigger with Source = EventGrid deployed? Check the app's logs, then run 'azd hooks run postdeploy'." >&2
  exit 1
fi

# --output none: the endpoint holds the key, which must not end up in logs.
az eventgrid system-topic event-subscription create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$CARSEARCH_EVENTGRID_TOPIC" \
  --name ingest-images \
  --endpoint-type webhook \
  --endpoint "${SERVICE_API_URI}/runtime/webhooks/blobs?functionName=Host.Functions.${function_name}&code=${key}" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/${CARSEARCH_IMAGES_CONTAINER}/" \
  --max-delivery-attempts 30 \
  --event-ttl 1440 \
  --output none

echo "postdeploy: uploads to ${CARSEARCH_IMAGES_CONTAINER} now reach ${function_name}"
