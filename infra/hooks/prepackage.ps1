# azd prepackage hook of the `api` service (Windows): makes sure models/clip-vit-b-32 is complete before
# `dotnet publish` copies it into the deployment package. The download script is bash (Git for Windows has one).
$ErrorActionPreference = 'Stop'
$download = Join-Path $PSScriptRoot '..' '..' 'models' 'download.sh'
$bash = Get-Command bash -ErrorAction SilentlyContinue
if (-not $bash) {
    throw "Fetching the CLIP model needs bash (Git for Windows or WSL): install one, or run models/download.sh elsewhere and copy models/clip-vit-b-32 here."
}
& $bash.Source $download
if ($LASTEXITCODE -ne 0) {
    throw "models/download.sh failed with exit code $LASTEXITCODE."
}
