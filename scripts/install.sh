#!/usr/bin/env bash
# Installs what ECG-LLM Workspace needs on a fresh Debian/Ubuntu machine: the system packages (Jupyter with
# nbclient to execute the notebooks, Chromium to render figures, DejaVu fonts, Slurm and munge for the local
# single-node cluster of the finetuning tests: scripts/slurm-cluster.sh) and the npm dependencies.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel chromium fonts-dejavu-core
  slurm-wlm slurmctld slurmd slurm-client munge python3-yaml)

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
    # The Slurm and munge packages would start their system services on install; the test cluster runs its own
    # daemons (scripts/slurm-cluster.sh), so service starts are refused while installing, as in Docker images.
    policy_added=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null && $sudo chmod +x /usr/sbin/policy-rc.d && policy_added=1
    fi
    status=0
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
    if [ -n "$policy_added" ]; then $sudo rm -f /usr/sbin/policy-rc.d; fi
    if [ "$status" -ne 0 ]; then exit "$status"; fi
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
