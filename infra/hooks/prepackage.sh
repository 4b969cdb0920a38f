#!/bin/sh
# azd prepackage hook of the `api` service: makes sure models/clip-vit-b-32 is complete before `dotnet publish`
# copies it into the deployment package (models/PublishModel.targets). Fetches only missing files.
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
exec bash "$root/models/download.sh"
