#!/usr/bin/env bash
# Downloads CLIP ViT-B/32 (OpenAI's weights, ONNX export by Xenova on Hugging Face) into a CarSearch model
# folder: image.onnx, text.onnx, vocab.json, merges.txt. See models/README.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: models/download.sh [--quantized] [DIR]

Fetches CLIP ViT-B/32 for CarSearch into DIR (default: models/clip-vit-b-32 beside this script, or
models/clip-vit-b-32-quantized with --quantized) and prints each file's SHA-256.

  --quantized   the int8 towers (onnx/*_quantized.onnx, ~150 MB instead of ~600 MB); faster, not bit-exact
  -h, --help    this text

Files already in DIR are kept (a file only gets its final name once fully downloaded), so re-running
after an interruption fetches only what is missing. CARSEARCH_MODEL_BASE_URL overrides the source
(default https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main).
USAGE
}

base_url="${CARSEARCH_MODEL_BASE_URL:-https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main}"
base_url="${base_url%/}"
variant="fp32"
dir=""

while [ "$#" -gt 0 ]; do
  case "$1" in
    --quantized) variant="quantized" ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "download.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *)
      if [ -n "$dir" ]; then
        echo "download.sh: only one DIR may be given (got '$dir' and '$1')" >&2
        exit 2
      fi
      dir="$1"
      ;;
  esac
  shift
done

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
suffix=""
if [ "$variant" = "quantized" ]; then
  suffix="_quantized"
fi
dir="${dir:-$script_dir/clip-vit-b-32${suffix//_/-}}"

if ! command -v curl > /dev/null; then
  echo "download.sh: curl is required" >&2
  exit 1
fi

mkdir -p "$dir"

# Never mix towers of two variants in one folder: the image and text vectors would not share a space.
marker="$dir/.variant"
if [ -f "$marker" ] && [ "$(cat "$marker")" != "$variant" ]; then
  echo "download.sh: $dir holds the $(cat "$marker") model; choose another DIR or empty this one first" >&2
  exit 1
fi
echo "$variant" > "$marker"

# Removes a half-written file however the script ends (error, Ctrl-C), so no partial file survives.
partial=""
cleanup() {
  if [ -n "$partial" ]; then
    rm -f "$partial"
  fi
}
trap cleanup EXIT

fetch() {
  local source="$1" target="$dir/$2"
  if [ -s "$target" ]; then
    echo "kept       $target"
    return 0
  fi

  partial="$target.part"
  echo "fetching   $base_url/$source"
  if ! curl --fail --location --show-error --silent --retry 3 --retry-delay 2 --connect-timeout 30 \
      --output "$partial" "$base_url/$source"; then
    echo "download.sh: failed to download $base_url/$source; nothing was written to $target" >&2
    exit 1
  fi
  mv -f "$partial" "$target"
  partial=""
}

fetch "onnx/vision_model${suffix}.onnx" image.onnx
fetch "onnx/text_model${suffix}.onnx" text.onnx
fetch vocab.json vocab.json
fetch merges.txt merges.txt

if command -v sha256sum > /dev/null; then
  hash_tool=(sha256sum)
else
  hash_tool=(shasum -a 256)
fi

echo
echo "SHA-256 ($variant model in $dir):"
(cd "$dir" && "${hash_tool[@]}" image.onnx text.onnx vocab.json merges.txt)
