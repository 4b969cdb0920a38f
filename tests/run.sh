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
started="$(mktemp)"
status=0
dotnet test CarSearchFunctions.sln -c Release --no-build \
  --logger "console;verbosity=minimal" --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m || status=$?

# The projects run side by side, so a failure's details scroll far above the last lines a CI log keeps: name each
# failed test and the first line of its message once more at the very end.
if [ "$status" -ne 0 ]; then
  echo "Failed tests in this run:"
  find "$results" -name '*.trx' -newer "$started" -print0 | xargs -0 -r awk '
    /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); print "  " substr($0, RSTART + 10, RLENGTH - 11); want = 1 }
    want && /<Message>/ { line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line); print "    " substr(line, 1, 400); want = 0 }'
fi
rm -f "$started"
exit "$status"
