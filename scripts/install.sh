#!/usr/bin/env bash
# Installs what ECG-LLM Workspace needs on a fresh Debian/Ubuntu machine: the system packages (Jupyter with
# nbclient to execute the notebooks, Chromium to render figures, DejaVu fonts) and the npm dependencies.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel chromium fonts-dejavu-core)

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$package"); fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "install.sh: installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "install.sh: not a Debian/Ubuntu system; install Jupyter (python3 with nbclient) and Chromium yourself (see README)." >&2
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
node_minor=$(node -p 'process.versions.node.split(".")[1]')
if [ "$node_major" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "$node_minor" -lt 19 ]; }; then
  echo "install.sh: Node.js >= 20.19 is needed, found $(node --version)" >&2
  exit 1
fi

npm ci --no-audit --no-fund
