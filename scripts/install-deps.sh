#!/usr/bin/env bash
# Installs the Debian packages decouple needs, only those missing.
# Idempotent; needs root (or sudo) when something is missing.
set -euo pipefail
packages=(build-essential cmake libboost-graph-dev libyaml-cpp-dev libfmt-dev doctest-dev
          libcli11-dev nlohmann-json3-dev libbenchmark-dev scram graphviz python3
          ${DECOUPLE_EXTRA_PACKAGES:-})
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
