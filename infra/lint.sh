#!/usr/bin/env bash
# Compiles and lints every Bicep template under infra/ with the Bicep CLI that restoring
# tests/CarSearch.Infra.Tests downloads (its PackageDownload pins the version; works offline from the NuGet cache).
# Fails on any error and on any warning, compiler (BCPxxx) or linter rule alike: `bicep` itself exits 0 on warnings.
# Writes the compiled deployment to artifacts/bicep/main.json for inspection.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

project=tests/CarSearch.Infra.Tests/CarSearch.Infra.Tests.csproj
dotnet restore "$project" --verbosity quiet
bicep="$(dotnet msbuild "$project" -getProperty:BicepPath)"
if [ ! -x "$bicep" ]; then
  echo "lint.sh: the Bicep CLI is not at $bicep after restore (the package is linux-x64 only)" >&2
  exit 1
fi

out="$root/artifacts/bicep"
mkdir -p "$out"
diagnostics="$(mktemp)"
trap 'rm -f "$diagnostics"' EXIT

status=0
while IFS= read -r -d '' template; do
  name="${template#infra/}"
  # `build` reports compiler and linter diagnostics; `lint` repeats the linter for files build would not reach.
  if ! "$bicep" build "$template" --outfile "$out/${name%.bicep}.json" 2> "$diagnostics" \
     || ! "$bicep" lint "$template" 2>> "$diagnostics"; then
    status=1
  fi
  if grep -Eq '(Error|Warning) ' "$diagnostics"; then
    status=1
  fi
  sort -u "$diagnostics"
  echo "checked   $template"
done < <(find infra -name '*.bicep' -print0 | sort -z)

if [ "$status" -ne 0 ]; then
  echo "lint.sh: Bicep reported errors or warnings (see above)" >&2
  exit 1
fi
echo "lint.sh: every template compiles without errors or warnings; compiled main template in artifacts/bicep/main.json"
