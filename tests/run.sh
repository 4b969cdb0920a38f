#!/usr/bin/env bash
# The test command from the README: builds the solution and runs every test project.
# Tests need the CLIP reference kit (CARSEARCH_REFERENCE_KIT, default ../shared/clip-reference beside the
# checkout); without it they fail, they never skip.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

export CARSEARCH_REFERENCE_KIT="${CARSEARCH_REFERENCE_KIT:-$(cd "$root/.." && pwd)/shared/clip-reference}"
results="$root/artifacts/test-results"
mkdir -p "$results"

# Azurite (pinned in package.json); the storage tests start their own instance from node_modules.
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

dotnet build CarSearchFunctions.sln -c Release
dotnet test CarSearchFunctions.sln -c Release --no-build \
  --logger "console;verbosity=minimal" --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m
