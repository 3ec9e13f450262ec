#!/usr/bin/env bash
# Installs what conflictmap needs to build and test on Debian 12, from Debian's packages only.
# Idempotent and quick when everything is already there (no apt-get update then).
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config   # toolchain
  libgdal-dev libproj-dev libgeos-dev        # GDAL (formats), PROJ (projections, geodesics), GEOS (buffers)
  nlohmann-json3-dev doctest-dev             # JSON output, tests
  libglfw3-dev libimgui-dev python3-glad libegl-dev xvfb   # viewer (window, UI, GL loader, headless)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
