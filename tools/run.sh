#!/usr/bin/env bash
# The main job: install, build, then run conflictmap on the bundled sample.
# Until the viewer lands (issue: the viewer), the main job geocodes the place language of the
# bundled examples — names, spelling variants, roads, corridors and zones.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh
exec build/src/conflictmap geocode \
  "Saraqib" "Deir Ezzor" "Dayr az-Zawr" "Alboukamal" "دير الزور" \
  "along the M4 west of Saraqib" "between al-Sukhna and the T3 station" \
  "the al-Tanf zone" "the M4 corridor" "eastern Idlib countryside" \
  "al-Rusafah in the province of Raqqah" "15 km west of Palmyra" "$@"
