#!/usr/bin/env bash
# Installs the Debian packages decouple needs, only those missing.
# Idempotent; needs root (or sudo) when something is missing.
set -euo pipefail
packages=(build-essential cmake libboost-graph-dev libyaml-cpp-dev libfmt-dev doctest-dev
          libcli11-dev nlohmann-json3-dev libbenchmark-dev scram graphviz python3
          pkg-config libcpp-httplib-dev curl fonts-wqy-microhei chromium chromium-driver
          slurm-wlm munge
          pybind11-dev python3-dev python3-pytest python3-pandas python3-networkx python3-jsonschema
          python3-yaml libxml2-utils
          ${DECOUPLE_EXTRA_PACKAGES:-})
# The browser test drives Chromium from Node (npm's playwright-core). A Node
# installed outside Debian (it brings its own npm) is used as it is: Debian's
# npm package would conflict with it.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
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
