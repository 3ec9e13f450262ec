#!/usr/bin/env bash
# Installs what conflictmap needs to build and test on Debian 12, from Debian's packages only.
# Idempotent and quick when everything is already there (no apt-get update then).
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config   # toolchain
  libgdal-dev libproj-dev libgeos-dev        # GDAL (formats), PROJ (projections, geodesics), GEOS (buffers)
  nlohmann-json3-dev doctest-dev             # JSON output, tests
  libglfw3-dev libimgui-dev libstb-dev python3-glad        # viewer: window, UI (+ its stb), GL loader
  libegl-dev libegl-mesa0 libgl1-mesa-dri                  # viewer: EGL headless rendering on Mesa (llvmpipe without a GPU)
  fonts-dejavu-core                                        # viewer: the UI and label font
  libgif-dev                                               # briefings: animated GIF (giflib)
  libpng-dev zlib1g-dev                                    # briefings: PNG (libpng; zlib deflates it in parallel strips)
  libavcodec-dev libavformat-dev libswscale-dev           # briefings: MP4 animations (FFmpeg's libraries; optional at build time)
  libcairo2-dev                                            # briefings: PDF and SVG (cairo; optional at build time)
  poppler-utils                                            # tests: pdftotext reads a PDF briefing's words back
  xvfb xauth                                               # tests: the viewer in a real window on a virtual X server
  postgresql postgresql-15-postgis-3                       # tests: the team store on a throwaway PostGIS cluster
  gdal-bin                                                 # tests: ogrinfo reads the exports as GIS tools do
  clang libclang-rt-14-dev                                 # CI: libFuzzer targets (tools/fuzz.sh)
)
# tests: Node.js and npm run third-party GeoJSON validators on the exports (tools/validators);
# Debian's packages unless the machine already has them.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

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
